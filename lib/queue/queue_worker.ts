/**
 * A queue worker: takes jobs off the BullMQ queue on Redis and runs them with this project's own code — feature
 * extraction on the extraction pool, timelines and experiment folds on worker threads — any number per machine, on any
 * number of machines.
 *
 * - A job's data is checked as the CLI checks its flags before anything is read ({@linkcode checkJob}); a job that does
 *   not check fails at once and is never retried.
 * - A recording is read from its path when this machine sees the same bytes there (a shared folder), else from the copy
 *   the submitter shipped through Redis (`--ship-inputs`); a model always travels as a content-addressed bundle. A
 *   recording this worker can reach neither way fails the attempt (it is retried, by any worker; a re-run of the
 *   command retries it too), since that is a fact about the worker, not the recording.
 * - A file that does not decode is a result (an error row), not a failure; a crash is retried (3 attempts) by any worker.
 * - A worker killed outright leaves its job locked until the lock expires (`lockSeconds`); another worker then takes
 *   it. Closing (SIGTERM) finishes the jobs in hand and takes no new ones.
 *
 * @module
 */
import { extname, resolve, sep } from "node:path";
import { UnrecoverableError, Worker } from "bullmq";
import { ExtractionPool } from "../data/mod.ts";
import type { FeatureSetName } from "../features/feature_sets.ts";
import { writeFileAtomic } from "../io/mod.ts";
import { checkJob, type FeaturesResult, type FileRef, JobDataError, type QueueJob } from "./queue_jobs.ts";
import { parseQueueUrl } from "./queue_url.ts";
import { getBlob, openRedis, PREFIX, QUEUE_NAME, sha256Hex } from "./_redis.ts";
import { unpackArtifacts } from "./_artifact_bundle.ts";
import { ThreadPool } from "./_thread_pool.ts";

/** Options of {@linkcode startWorker}. */
export interface WorkerOptions {
  /** Jobs at once. Default: one per core. */
  concurrency?: number;
  /** Where shipped recordings and unpacked models are kept. Default `.cache/queue`. */
  cacheDir?: string;
  /** Seconds a job stays locked to this worker without a renewal: how soon a killed worker's job goes to another. Default 30. */
  lockSeconds?: number;
  /** Read recordings only under these folders (shipped copies are always allowed). Default: anywhere. */
  inputsUnder?: string[];
  /** The password when the URL has none (e.g. from `SER_QUEUE_PASSWORD`). */
  password?: string;
  /** PEM authorities to trust for `rediss://` (e.g. the file `SER_QUEUE_CA` names). */
  ca?: string;
  /** A line per job and event (never credentials). Default: nothing. */
  log?: (line: string) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** Finish the jobs in hand, take no new ones, and disconnect. */
  close(): Promise<void>;
  /** Jobs finished by this worker, by kind. */
  readonly done: Record<string, number>;
}

/** An input path that this machine can read with the submitter's bytes, or why not. */
async function localInput(
  file: FileRef,
  o: Required<Pick<WorkerOptions, "cacheDir">> & WorkerOptions,
  redis: ReturnType<typeof openRedis>,
): Promise<{ path: string } | { error: string }> {
  const allowed = !o.inputsUnder?.length ||
    o.inputsUnder.some((root) => (resolve(file.path) + sep).startsWith(resolve(root) + sep));
  if (allowed) {
    try {
      if (await sha256Hex(await Deno.readFile(file.path)) === file.sha256) return { path: file.path };
    } catch { /* not here: try the shipped copy */ }
  }
  const shipped = resolve(o.cacheDir, "inputs", `${file.sha256}${extname(file.path).toLowerCase()}`);
  try {
    await Deno.stat(shipped);
    return { path: shipped };
  } catch { /* not fetched yet */ }
  const bytes = await getBlob(redis, file.sha256);
  if (!bytes) {
    const why = allowed ? "not readable here with the submitted content" : "outside the folders this worker reads";
    return {
      error: `${file.path}: ${why} (worker on ${Deno.hostname()}), and not shipped with the job; ` +
        "share the folder with the workers or submit with --ship-inputs",
    };
  }
  await writeFileAtomic(shipped, bytes);
  return { path: shipped };
}

/**
 * Start a worker on the queue at `url`.
 *
 * @throws {QueueUrlError} If the URL is not a redis:// or rediss:// URL.
 * @example
 * const w = await startWorker("redis://127.0.0.1:6379", { concurrency: 2, log: console.error });
 * Deno.addSignalListener("SIGTERM", () => w.close());
 */
export async function startWorker(url: string, options: WorkerOptions = {}): Promise<QueueWorker> {
  const address = parseQueueUrl(url, { password: options.password, ca: options.ca });
  const o = { cacheDir: ".cache/queue", ...options };
  const concurrency = Math.max(1, o.concurrency ?? navigator.hardwareConcurrency ?? 1);
  const log = o.log ?? (() => {});
  const redis = openRedis(address);
  const pools = new Map<FeatureSetName, ExtractionPool>();
  const threads = new ThreadPool(concurrency);
  const done: Record<string, number> = {};

  const features = async (job: Extract<QueueJob, { kind: "features" }>): Promise<FeaturesResult> => {
    const input = await localInput(job.file, o, redis);
    // Not a property of the recording but of this worker: retried (another worker, or a re-run that ships it).
    if ("error" in input) throw new Error(input.error);
    if (!pools.has(job.featureSet)) {
      pools.set(job.featureSet, new ExtractionPool(job.featureSet, { workers: concurrency }));
    }
    const r = await pools.get(job.featureSet)!.run({
      kind: "clip",
      featureSet: job.featureSet,
      path: input.path,
      duration: job.duration,
    });
    if (r.ok) return { features: Array.from(r.features), totalSeconds: r.totalSeconds ?? 0 };
    if (r.message.startsWith("feature worker crashed")) throw new Error(r.message); // retried
    return { error: r.message.replaceAll(input.path, job.file.path) };
  };

  const onThread = async (job: Exclude<QueueJob, { kind: "features" }>): Promise<unknown> => {
    let reply;
    if (job.kind === "timeline") {
      const input = await localInput(job.file, o, redis);
      if ("error" in input) throw new Error(input.error);
      const bundle = await getBlob(redis, job.artifact);
      if (!bundle) {
        throw new UnrecoverableError(`model bundle ${job.artifact.slice(0, 12)} is not in the queue's store`);
      }
      const artifactDir = await unpackArtifacts(bundle, job.artifact, resolve(o.cacheDir, "artifacts"));
      reply = await threads.run({ job, localPath: input.path, artifactDir });
      if (!reply.ok && reply.input) return { error: reply.error };
    } else {
      reply = await threads.run({ job });
      if (!reply.ok && reply.input) throw new UnrecoverableError(reply.error);
    }
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };

  const connection = openRedis(address);
  const worker = new Worker(
    QUEUE_NAME,
    async (bull) => {
      let job: QueueJob;
      try {
        job = checkJob(bull.name, bull.data);
      } catch (e) {
        if (e instanceof JobDataError) throw new UnrecoverableError(e.message);
        throw e;
      }
      const t0 = performance.now();
      log(`job ${bull.id} started (attempt ${bull.attemptsMade + 1})`);
      const value = job.kind === "features" ? await features(job) : await onThread(job);
      done[job.kind] = (done[job.kind] ?? 0) + 1;
      log(`job ${bull.id} done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      return value;
    },
    {
      connection,
      prefix: PREFIX,
      concurrency,
      lockDuration: 1000 * (o.lockSeconds ?? 30),
      stalledInterval: 1000 * (o.lockSeconds ?? 30),
      maxStalledCount: 2,
    },
  );
  worker.on("failed", (job, err) => log(`job ${job?.id ?? "?"} failed: ${err.message}`));
  worker.on("error", (err) => log(`queue error: ${err.message}`));
  await worker.waitUntilReady();
  log(`worker: ${concurrency} at a time on ${address.redacted} (queue "${QUEUE_NAME}")`);
  return {
    done,
    async close() {
      await worker.close();
      for (const p of pools.values()) p.close();
      threads.close();
      redis.disconnect();
      connection.disconnect();
    },
  };
}
