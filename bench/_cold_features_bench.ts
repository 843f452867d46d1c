/**
 * Private: the child process of `deno task bench --only cold`. Loads and featurises every file of a list twice, in
 * one fresh process on one thread — the first pass cold (new to the process, as a corpus meets `deno task features`),
 * the second warm — and prints `{ "cold_ms": [...], "warm_ms": [...], "failed": n }`.
 *
 *   deno run --allow-read --allow-ffi --allow-env cli/_bench_cold_features.ts LIST.txt
 *
 * @module
 */
import { loadAudio } from "$lib/audio/mod.ts";
import { extractFeatures } from "$lib/features/mod.ts";

const paths = (await Deno.readTextFile(Deno.args[0])).split("\n").map((l) => l.trim()).filter(Boolean);
let failed = 0;
const pass = async () => {
  const ms: number[] = [];
  for (const path of paths) {
    const t = performance.now();
    try {
      const { y } = await loadAudio(path, { sampleRate: 22050, duration: 3 });
      extractFeatures(y);
    } catch {
      failed++;
      continue;
    }
    ms.push(performance.now() - t);
  }
  return ms;
};
const cold = await pass();
const warm = await pass();
console.log(JSON.stringify({ cold_ms: cold, warm_ms: warm, failed }));
