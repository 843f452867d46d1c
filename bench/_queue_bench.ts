/**
 * Private: the queue section of `./ser bench` — `./ser predict --queue` on a real `redis-server` (loopback) with 1, 2
 * and 3 `./ser worker` processes (one job at a time each), against the same batch in-process, for clips (features +
 * predict) and for timelines; and the queue's cost per job in ms. Every run starts from an empty Redis, so nothing is
 * reused.
 *
 * @module
 */
import { join } from "node:path";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { DEFAULT_FAMILY } from "$lib/model/mod.ts";
import { JobClient } from "$lib/queue/mod.ts";
import { taskArgs } from "../cli/task_command.ts";
import { haveRedis, startRedis, startWorkerProcess, type WorkerProcess } from "../tests/support/queue_processes.ts";
import { benchClips, type BenchContext, DENO, familyArtifacts, runMeasured, versus } from "./_measure.ts";

/** `./ser predict` with `args`, timed (the whole process: model loading included, as a user waits for it). */
async function predictRun(artifacts: string, args: string[]): Promise<number> {
  const r = await runMeasured(DENO, taskArgs("predict.ts", ["--artifacts", artifacts, "--format", "csv", ...args]));
  if (r.code !== 0) throw new Error(`predict failed: ${r.stderr.slice(-3000)}`);
  return r.seconds;
}

/** Throughput with 1, 2 and 3 workers, and the queue's cost per job against the in-process run on one thread. */
export async function benchQueue(ctx: BenchContext): Promise<void> {
  if (!await haveRedis()) {
    console.log("  redis-server is not installed (apt-get install redis-server): skipped");
    return;
  }
  const redis = await startRedis();
  const art = await familyArtifacts(ctx, DEFAULT_FAMILY.name);
  const clips = await benchClips(ctx, Math.max(60, ctx.clips));
  const n = clips.files.length;
  const recordings: string[] = [];
  const tmp = await Deno.makeTempDir({ prefix: "ser-bench-queue-" });
  for (let i = 0; i < 6; i++) {
    recordings.push((await writeDemoRecording(join(tmp, `call_${i}.wav`), { seconds: 120, seed: i })).path);
  }
  console.log(`  model: ${art.note}`);
  console.log(`  ${clips.what}; timelines: 6 SYNTHETIC 2-minute recordings; redis-server 7 on loopback`);
  const workers: WorkerProcess[] = [];
  try {
    const local1 = await predictRun(art.dir, ["--workers", "1", ...clips.files]);
    const local2 = await predictRun(art.dir, ["--workers", "2", ...clips.files]);
    const localT = await predictRun(art.dir, ["--timeline", ...recordings]);
    versus("in-process, 1 extraction thread: clips/s", n / local1, null, { unit: "clips/s", digits: 1 });
    versus("in-process, 2 extraction threads: clips/s", n / local2, null, { unit: "clips/s", digits: 1 });
    versus("in-process timelines: × real time", 720 / localT, null, { unit: "×", digits: 0 });
    const flush = async () => {
      const c = await JobClient.open(redis.url);
      await c.redis.flushdb();
      await c.close();
    };
    for (const count of [1, 2, 3]) {
      while (workers.length < count) {
        workers.push(await startWorkerProcess(redis.url, ["--concurrency", "1", "--quiet"]));
      }
      await flush();
      const q = await predictRun(art.dir, ["--queue", redis.url, ...clips.files]);
      const anchor = count === 1 ? local1 : local2;
      versus(`queue, ${count} worker${count > 1 ? "s" : ""}: clips/s`, n / q, {
        name: `in-process ${count === 1 ? 1 : 2} thread${count === 1 ? "" : "s"}`,
        value: n / anchor,
      }, { unit: "clips/s", better: "higher", digits: 1 });
      if (count === 1) {
        console.log(`    the queue's cost: ${(1000 * (q - local1) / n).toFixed(1)} ms per job (same thread count)`);
      }
      await flush();
      const t = await predictRun(art.dir, ["--timeline", "--queue", redis.url, ...recordings]);
      versus(`queue, ${count} worker${count > 1 ? "s" : ""}: timelines × real time`, 720 / t, {
        name: "in-process",
        value: 720 / localT,
      }, { unit: "×", better: "higher", digits: 0 });
    }
    console.log(
      `    ${navigator.hardwareConcurrency} cores here: beyond that, workers share them; on N machines of this kind a ` +
        "batch's rate is about N × the 2-worker figure, until Redis (≈10k jobs/s) is the limit",
    );
  } finally {
    await Promise.all(workers.map((w) => w.kill("SIGTERM")));
    await redis.stop();
    await Deno.remove(tmp, { recursive: true });
    if (clips.temp) await Deno.remove(clips.temp, { recursive: true });
    if (art.temp) await Deno.remove(art.dir, { recursive: true });
  }
}
