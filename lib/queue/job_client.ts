/**
 * The submitting side of the queue: {@linkcode JobClient} puts jobs on the queue under ids derived from their content,
 * waits for every worker's results and hands them back in the order they were given.
 *
 * Because an id is the hash of what the job computes, putting the same job twice is a no-op: a command run again after
 * a crash finds the jobs it already finished (kept 7 days) and queues only the missing ones, and a job that a worker
 * retries can never give two results.
 *
 * @module
 */
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueJob } from "./queue_jobs.ts";
import { parseQueueUrl, type QueueSecrets } from "./queue_url.ts";
import { KEEP_SECONDS, openRedis, PREFIX, QUEUE_NAME, sha256Hex } from "./_redis.ts";

/** A job's result: its value (what the worker returned) or why it failed after its attempts. */
export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Options of {@linkcode JobClient.run}. */
export interface RunJobsOptions {
  /** Called as each job's outcome arrives (in completion order), with how many are done. */
  onOutcome?: (index: number, outcome: JobOutcome, done: number, total: number) => void;
  /** How often (ms) job states are read directly, besides the queue's events. Default 3000. */
  pollMs?: number;
}

/** What a {@linkcode JobClient.run} found: outcomes in the order given, and how many were finished before it began. */
export interface RunJobsResult {
  outcomes: JobOutcome[];
  /** Jobs found finished from an earlier run (not computed again). */
  reused: number;
  seconds: number;
}

const ATTEMPTS = 3;

/** The job id of a job: its kind and the SHA-256 of its data. */
export async function jobId(job: QueueJob): Promise<string> {
  return `${job.kind}-${await sha256Hex(new TextEncoder().encode(JSON.stringify(job)))}`;
}

/** A connection to the queue for submitting jobs. */
export class JobClient {
  readonly redacted: string;
  readonly redis: Redis;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #connections: Redis[];

  private constructor(url: string, secrets: QueueSecrets) {
    const address = parseQueueUrl(url, secrets);
    this.redacted = address.redacted;
    this.redis = openRedis(address);
    this.#connections = [openRedis(address), openRedis(address)];
    this.#queue = new Queue(QUEUE_NAME, { connection: this.#connections[0], prefix: PREFIX });
    this.#events = new QueueEvents(QUEUE_NAME, { connection: this.#connections[1], prefix: PREFIX });
  }

  /**
   * Connect.
   *
   * @param options.password The password when the URL has none (e.g. from `SER_QUEUE_PASSWORD`).
   * @param options.ca PEM authorities to trust for `rediss://` (e.g. the file `SER_QUEUE_CA` names).
   * @throws {QueueUrlError} For a bad URL; {Error} naming the redacted URL when Redis does not answer.
   */
  static async open(url: string, options: QueueSecrets = {}): Promise<JobClient> {
    const c = new JobClient(url, options);
    try {
      await Promise.race([
        Promise.all([c.redis.ping(), c.#queue.waitUntilReady(), c.#events.waitUntilReady()]),
        new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in 10 s")), 10_000)),
      ]);
    } catch (e) {
      await c.close();
      throw new Error(`the queue at ${c.redacted} cannot be reached (${(e as Error).message})`);
    }
    return c;
  }

  /** Waiting, running, finished and failed jobs on the queue (all submitters). */
  async counts(): Promise<Record<string, number>> {
    return await this.#queue.getJobCounts("waiting", "active", "completed", "failed", "delayed");
  }

  /** The most recent failed jobs: id and reason. */
  async failures(limit = 10): Promise<{ id: string; reason: string; attempts: number }[]> {
    const jobs = await this.#queue.getFailed(0, limit - 1);
    return jobs.map((j) => ({ id: j.id ?? "?", reason: j.failedReason ?? "", attempts: j.attemptsMade }));
  }

  /**
   * Put jobs on the queue (those not there already) and wait for all of them.
   *
   * @returns One outcome per job, in the order given.
   */
  async run(jobs: readonly QueueJob[], o: RunJobsOptions = {}): Promise<RunJobsResult> {
    const t0 = performance.now();
    const ids = await Promise.all(jobs.map(jobId));
    const byId = new Map<string, number[]>();
    ids.forEach((id, i) => byId.set(id, [...(byId.get(id) ?? []), i]));
    const outcomes = new Array<JobOutcome | undefined>(jobs.length);
    let done = 0, reused = 0;
    let finish!: () => void;
    const all = new Promise<void>((r) => (finish = r));
    const settle = (id: string, outcome: JobOutcome) => {
      const at = byId.get(id);
      if (!at || outcomes[at[0]]) return;
      for (const i of at) {
        outcomes[i] = outcome;
        done++; // not inside the optional call: it must count without a listener
        o.onOutcome?.(i, outcome, done, jobs.length);
      }
      if (done === jobs.length) finish();
    };
    // The state first, then the job: a job read before it finished would carry no result yet.
    const finished = async (id: string) => {
      const state = await this.#queue.getJobState(id);
      const job = state === "completed" || state === "failed" ? await this.#queue.getJob(id) : undefined;
      return { state, job };
    };
    const check = async (id: string) => {
      const { state, job } = await finished(id);
      if (state === "completed") settle(id, { ok: true, value: job!.returnvalue });
      else if (state === "failed") settle(id, { ok: false, error: job!.failedReason || "failed" });
    };
    const onCompleted = ({ jobId }: { jobId: string }) => void check(jobId).catch(() => {});
    const onFailed = ({ jobId }: { jobId: string }) => void check(jobId).catch(() => {});
    this.#events.on("completed", onCompleted);
    this.#events.on("failed", onFailed);
    try {
      // Jobs an earlier run finished are taken as they are; ones that failed are tried again; the rest are queued.
      const missing: string[] = [];
      for (const id of byId.keys()) {
        const { state, job } = await finished(id);
        if (state === "completed") {
          reused += byId.get(id)!.length;
          settle(id, { ok: true, value: job!.returnvalue });
        } else if (state === "failed") await job!.retry("failed");
        else if (state === "unknown") missing.push(id);
      }
      for (let i = 0; i < missing.length; i += 500) {
        const chunk = missing.slice(i, i + 500).map((id) => ({
          name: jobs[byId.get(id)![0]].kind,
          data: jobs[byId.get(id)![0]],
          opts: {
            jobId: id,
            attempts: ATTEMPTS,
            backoff: { type: "exponential", delay: 1000 },
            removeOnComplete: { age: KEEP_SECONDS },
            removeOnFail: { age: KEEP_SECONDS },
          },
        }));
        await this.#queue.addBulk(chunk);
      }
      if (!jobs.length) finish();
      // The events are the fast path; reading the states now and then catches any event missed.
      const timer = setInterval(() => {
        for (const id of byId.keys()) if (!outcomes[byId.get(id)![0]]) void check(id).catch(() => {});
      }, o.pollMs ?? 3000);
      await all.finally(() => clearInterval(timer));
    } finally {
      this.#events.off("completed", onCompleted);
      this.#events.off("failed", onFailed);
    }
    return { outcomes: outcomes as JobOutcome[], reused, seconds: (performance.now() - t0) / 1000 };
  }

  /** Disconnect. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#queue.close(), this.#events.close()]);
    for (const c of [this.redis, ...this.#connections]) c.disconnect();
  }
}
