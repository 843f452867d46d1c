/**
 * Private: the prediction section of `deno task bench` — warm single-file latency on a loaded predictor, the cold
 * `deno task predict one.wav` wall time (process start included), and batch throughput on 1 and 2 workers.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { initBackend } from "$lib/model/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import {
  benchArtifacts,
  benchClips,
  type BenchContext,
  DENO,
  FIXTURES,
  runMeasured,
  summarise,
  versus,
} from "./_measure.ts";
import { taskArgs } from "../cli/task_command.ts";

/** Warm latency, cold process time and batch clips/s. */
export async function benchPredict(ctx: BenchContext): Promise<void> {
  await initBackend();
  const art = await benchArtifacts(ctx);
  console.log(`  model: ${art.note}; clip: tests/fixtures/audio/speech_48000_s32.wav (3 s, 48 kHz, int32)`);
  const predictor = await loadPredictor(art.dir);
  const clip = new URL("audio/speech_48000_s32.wav", FIXTURES);
  const bytes = await Deno.readFile(clip);
  for (let i = 0; i < 20; i++) await predictor.predict(bytes);
  const t: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    await predictor.predict(bytes);
    t.push(performance.now() - s);
  }
  const warm = summarise(t);
  const lr = ctx.shared.librosaWarmMs ? { name: "librosa's features alone", value: ctx.shared.librosaWarmMs } : null;
  versus("warm predict(bytes), median ms", warm.median, lr, { unit: "ms", target: "≤ 8 ms" });
  versus("  best ms", warm.best, null, { unit: "ms" });
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runMeasured(DENO, taskArgs("predict.ts", ["--artifacts", art.dir, fileURLToPath(clip)]));
    if (r.code !== 0) throw new Error(`deno task predict failed: ${r.stderr.slice(-300)}`);
    cold.push(r.seconds);
  }
  versus("cold `deno task predict one.wav`, s (median of 3)", summarise(cold).median, null, { unit: "s" });
  const { files, what, temp } = await benchClips({ ...ctx, real: null }, ctx.clips);
  for (const workers of [1, 2]) {
    const s = performance.now();
    const rows = await predictor.predictBatch(files, { workers });
    const rate = rows.length / ((performance.now() - s) / 1000);
    versus(`batch of ${what.split(" (")[0]}, ${workers} worker${workers > 1 ? "s" : ""}, clips/s`, rate, null, {
      unit: "clips/s",
      digits: 1,
    });
    ctx.shared[`predictBatch${workers}`] = rate;
  }
  if (temp) await Deno.remove(temp, { recursive: true });
  if (art.temp) await Deno.remove(art.dir, { recursive: true });
}
