import assert from "node:assert/strict";
import { join } from "node:path";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { JobClient, type QueueJob } from "$lib/queue/mod.ts";
import { taskArgs } from "../cli/task_command.ts";
import { fixture } from "./support/fixtures.ts";
import { ROOT, runCli, trainSmallDemoRun } from "./support/run_cli.ts";
import { startRedis, startWorkerProcess, type WorkerProcess } from "./support/queue_processes.ts";

// One Redis (with a password), one small trained model and three workers, shared by the steps below.
const redis = await startRedis();
const run = await trainSmallDemoRun({ limit: 200, epochs: 3 });
const bad = fixture("bad", "not_audio.wav");
const batch = [run.data, fixture("audio"), bad];
// Workers get the password from SER_QUEUE_PASSWORD (never on their command line); clients from the URL.
const startWorker = () =>
  startWorkerProcess(redis.url.replace(/:[^:@/]*@/, ""), ["--concurrency", "1", "--lock-seconds", "3"], {
    password: redis.password,
  });

async function flush() {
  const c = await JobClient.open(redis.url);
  await c.redis.flushdb();
  await c.close();
}

/** `./ser predict` as a child; `watch` is called every 5 ms while it runs, and may kill it. */
async function predict(args: string[], watch?: (kill: () => void) => void) {
  const child = new Deno.Command(Deno.execPath(), {
    args: taskArgs("predict.ts", ["--artifacts", run.artifacts, ...args]),
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new Response(child.stdout).text(), stderr = new Response(child.stderr).text();
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* it finished first */ }
  };
  const timer = watch ? setInterval(() => watch(kill), 5) : undefined;
  const status = await child.status;
  clearInterval(timer);
  return { status, stdout: await stdout, stderr: await stderr };
}

/** A step whose failure is printed at once (a later step may hang on the state it left). */
const step = (t: Deno.TestContext, name: string, fn: () => Promise<void> | void) =>
  t.step(name, async () => {
    try {
      await fn();
    } catch (e) {
      console.error(`${name}: ${(e as Error).stack}`);
      throw e;
    }
  });

/** Jobs each worker finished (`done`) and started, from its log. */
const jobLines = (w: WorkerProcess, what: "started" | "done") =>
  [...w.log().matchAll(new RegExp(`job (\\S+) ${what}`, "g"))].map((m) => m[1]);

Deno.test({
  name: "predict and experiments through a Redis queue with three worker processes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const workers = await Promise.all(
      [0, 1, 2].map(() => startWorker()),
    );
    const outputs: string[] = [];
    try {
      const local = await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "csv", ...batch]);
      assert.equal(local.code, 1, local.stderr); // the bad file
      const localRows = parseCsv(local.stdout);
      assert.ok(localRows.length >= 200, `${localRows.length} rows`);

      await step(
        t,
        "a batch of 217 clips equals the in-process run row for row; a bad file is one failed row",
        async () => {
          const q = await predict(["--format", "csv", "--queue", redis.url, ...batch]);
          outputs.push(q.stdout, q.stderr);
          assert.equal(q.status.code, 1, q.stderr);
          assert.ok(q.stdout === local.stdout, q.stderr.slice(-3000));
          const failed = parseCsv(q.stdout).filter((r) => r.error);
          assert.deepEqual(failed.map((r) => r.file), [bad]);
          assert.match(q.stderr, /216 predicted, 1 failed/);
          const done = workers.map((w) => jobLines(w, "done").length);
          assert.ok(done.filter((n) => n > 0).length >= 2, `jobs per worker: ${done}`);
        },
      );

      await step(
        t,
        "a worker killed with SIGKILL mid-run: the result is still complete and identical, no row twice",
        async () => {
          await flush();
          const from = workers[0].log().length;
          let killed: Promise<Deno.CommandStatus> | null = null;
          const q = await predict(["--format", "csv", "--queue", redis.url, ...batch], () => {
            if (
              !killed && /job \S+ started/.test(workers[0].log().slice(from)) && jobLines(workers[1], "done").length
            ) {
              killed = workers[0].kill("SIGKILL");
            }
          });
          outputs.push(q.stdout, q.stderr);
          assert.ok(killed, "the worker was killed during the run");
          assert.equal((await (killed as unknown as Promise<Deno.CommandStatus>)).signal, "SIGKILL");
          assert.equal(q.stdout, local.stdout);
          const files = parseCsv(q.stdout).map((r) => r.file);
          assert.equal(new Set(files).size, files.length, "no duplicate rows");
          workers[0] = await startWorker();
        },
      );

      await step(t, "timelines: a worker killed mid-job leaves the job to another; the same timelines", async () => {
        await flush();
        const files: string[] = [];
        for (let i = 0; i < 4; i++) {
          files.push((await writeDemoRecording(join(run.tmp, `call_${i}.wav`), { seconds: 90, seed: i })).path);
        }
        const args = ["--format", "json", "--timeline", "--hop", "0.5", ...files, bad];
        const localT = await runCli("predict.ts", ["--artifacts", run.artifacts, ...args]);
        const from = workers[1].log().length;
        let killed: Promise<Deno.CommandStatus> | null = null, victim = "";
        const q = await predict([...args, "--queue", redis.url], () => {
          const m = /job (\S+) started/.exec(workers[1].log().slice(from));
          if (!killed && m) {
            victim = m[1];
            killed = workers[1].kill("SIGKILL");
          }
        });
        outputs.push(q.stdout, q.stderr);
        assert.ok(killed);
        await killed;
        assert.ok(!jobLines(workers[1], "done").includes(victim), "killed before it finished its job");
        assert.ok(workers.some((w, i) => i !== 1 && jobLines(w, "done").includes(victim)), "another worker did it");
        const strip = (text: string) =>
          JSON.parse(text).map(({ realtime_factor: _, ...rest }: Record<string, unknown>) => rest);
        assert.deepEqual(strip(q.stdout), strip(localT.stdout));
        workers[1] = await startWorker();
      });

      await step(t, "a run interrupted, then run again, computes only the missing jobs", async () => {
        await flush();
        const before = workers.map((w) => jobLines(w, "done").length);
        const first = await predict(["--format", "csv", "--queue", redis.url, ...batch], (kill) => {
          if (workers.reduce((s, w, i) => s + jobLines(w, "done").length - before[i], 0) >= 40) kill();
        });
        assert.equal(first.status.signal, "SIGKILL");
        const again = await predict(["--format", "csv", "--queue", redis.url, ...batch]);
        outputs.push(again.stdout, again.stderr);
        assert.equal(again.stdout, local.stdout);
        const reused = Number(/(\d+) finished before/.exec(again.stderr)![1]);
        assert.ok(reused >= 40, again.stderr);
        const computed = workers.reduce((s, w, i) => s + jobLines(w, "done").length - before[i], 0);
        const unique = new Set(parseCsv(local.stdout).map((r) => r.file)).size; // every file's content differs
        assert.equal(computed, unique, "each job computed once over both runs");
      });

      await step(t, "an experiment grid (6 cells, leave one corpus out) equals its in-process table", async () => {
        const file = join(run.tmp, "grid.toml");
        await Deno.writeTextFile(
          file,
          [
            'name = "grid"',
            'data = "dataset"',
            'labels = ["angry", "happy", "neutral", "sad"]',
            'protocols = ["corpus"]',
            'modes = ["global", "enrolled"]',
            "seeds = [1, 2, 3]",
            "[grid]",
            'model = ["logreg"]',
            'balance = ["none", "oversample"]',
          ].join("\n"),
        );
        const inProcess = await runCli("experiment.ts", [file, "--out", join(run.tmp, "exp_local")]);
        assert.equal(inProcess.code, 0, inProcess.stderr);
        const queued = await runCli("experiment.ts", [file, "--out", join(run.tmp, "exp_queue"), "--queue", redis.url]);
        outputs.push(queued.stdout, queued.stderr);
        assert.equal(queued.code, 0, queued.stderr);
        const table = async (dir: string) =>
          parseCsv(await Deno.readTextFile(join(run.tmp, dir, "results.csv"))).map(({ seconds: _, ...r }) => r);
        const [a, b] = [await table("exp_local"), await table("exp_queue")];
        assert.equal(a.length, 6 * 2);
        assert.deepEqual(b, a);
        assert.ok(workers.some((w) => jobLines(w, "done").some((j) => j.startsWith("cv-fold-"))));
      });

      await step(t, "a job is data: an unknown kind or a bad field fails at once, never retried", async () => {
        const c = await JobClient.open(redis.url);
        try {
          const jobs = [
            { kind: "exec", command: "rm -rf /" },
            { kind: "features", file: { path: "/etc/passwd", sha256: "x" }, featureSet: "pooled", duration: 3 },
          ] as unknown as QueueJob[];
          const r = await c.run(jobs, { pollMs: 200 });
          assert.deepEqual(r.outcomes.map((o) => o.ok), [false, false]);
          assert.match((r.outcomes[0] as { error: string }).error, /job "exec": `name` must be one of features/);
          assert.match((r.outcomes[1] as { error: string }).error, /`file.sha256` must be 64 hex digits/);
          // The worker's log line may reach us after Redis has told the client: wait for it, then count.
          const failures = () => workers.flatMap((w) => [...w.log().matchAll(/job (exec-\S+) failed/g)]);
          for (let i = 0; i < 100 && !failures().length; i++) await new Promise((r) => setTimeout(r, 50));
          await new Promise((r) => setTimeout(r, 500)); // a second attempt would have shown by now
          assert.equal(failures().length, 1, "tried once, by one worker");
        } finally {
          await c.close();
        }
      });

      await step(t, "SIGTERM: a worker finishes the job in hand and exits 0", async () => {
        await flush();
        const file = (await writeDemoRecording(join(run.tmp, "drain.wav"), { seconds: 120, seed: 9 })).path;
        const from = workers[2].log().length;
        let stopped: Promise<Deno.CommandStatus> | null = null;
        const c = await JobClient.open(redis.url);
        const watcher = setInterval(() => {
          if (!stopped && /job \S+ started/.test(workers[2].log().slice(from))) stopped = workers[2].kill("SIGTERM");
        }, 5);
        try {
          // Only worker 2 is free to take it once the others are busy: give every worker a long timeline.
          const args = [
            "--format",
            "json",
            "--timeline",
            file,
            join(run.tmp, "call_0.wav"),
            join(run.tmp, "call_1.wav"),
          ];
          const q = await predict([...args, "--queue", redis.url]);
          assert.equal(q.status.code, 0, q.stderr);
        } finally {
          clearInterval(watcher);
          await c.close();
        }
        assert.ok(stopped, "worker 2 took a timeline");
        {
          const status = await (stopped as unknown as Promise<Deno.CommandStatus>);
          assert.equal(status.code, 0);
          const log = workers[2].log().slice(from);
          assert.match(log, /SIGTERM: finishing the jobs in hand/);
          const started = /job (\S+) started/.exec(log)![1];
          assert.ok(log.indexOf(`job ${started} done`) > log.indexOf("SIGTERM"), "it finished its job after SIGTERM");
          workers[2] = await startWorker();
        }
      });

      await step(
        t,
        "a worker that cannot read the files: failed rows naming --ship-inputs; shipped, the in-process rows",
        async () => {
          await Promise.all(workers.splice(0).map((w) => w.kill("SIGKILL")));
          const cache = join(run.tmp, "worker_cache");
          workers.push(
            await startWorkerProcess(redis.url.replace(/:[^:@/]*@/, ""), [
              "--inputs-under",
              "/nonexistent",
              "--cache",
              cache,
            ], {
              password: redis.password,
            }),
          );
          await flush();
          const files = [fixture("audio", "speech_22050_s16.wav"), fixture("audio", "speech_16000_s16.wav")];
          const local = await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "csv", ...files]);
          const unshipped = await predict(["--format", "csv", "--queue", redis.url, ...files]);
          outputs.push(unshipped.stdout, unshipped.stderr);
          const rows = parseCsv(unshipped.stdout);
          assert.deepEqual(rows.map((r) => r.file), files);
          for (const r of rows) assert.match(r.error, /outside the folders this worker reads .*--ship-inputs/);
          const shipped = await predict(["--format", "csv", "--queue", redis.url, "--ship-inputs", ...files]);
          outputs.push(shipped.stdout, shipped.stderr);
          assert.equal(shipped.stdout, local.stdout, shipped.stderr);
          assert.equal((await Array.fromAsync(Deno.readDir(join(cache, "inputs")))).length, 2, "the shipped copies");
        },
      );

      await step(t, "the password is in no output and no log", () => {
        for (const text of [...outputs, ...workers.map((w) => w.log())]) assert.ok(!text.includes(redis.password));
        assert.ok(outputs.some((o) => /queue redis:\/\/:\*\*\*@127\.0\.0\.1/.test(o)), "clients show it redacted");
      });
    } finally {
      if (Deno.env.get("SER_DEBUG_QUEUE")) { for (const w of workers) console.error(w.log().slice(-4000)); }
      await Promise.all(workers.map((w) => w.kill("SIGKILL")));
      await redis.stop();
      await Deno.remove(run.tmp, { recursive: true });
    }
  },
});
