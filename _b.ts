import { loadAudio } from "$lib/audio/mod.ts";
import { extractFeatures } from "$lib/features/mod.ts";
const { y } = await loadAudio("tests/fixtures/audio/speech_48000_s32.wav", { duration: 3 });
for (let i = 0; i < 30; i++) extractFeatures(y);
const tm: Record<string, number> = {};
const N = 50;
const t0 = performance.now();
for (let i = 0; i < N; i++) extractFeatures(y, 22050, { timings: tm });
console.log(
  "total ms/clip",
  ((performance.now() - t0) / N).toFixed(2),
  Object.entries(tm).map(([k, v]) => `${k} ${(v / N).toFixed(2)}`).join(" | "),
);
