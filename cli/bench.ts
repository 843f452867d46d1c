/**
 * `deno task bench`: print the project's speed figures. Never part of the tests.
 *
 *   deno task bench [--only audio,...] [--reps N]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadAudioBytes, resamplerInfo } from "$lib/audio/mod.ts";
import { extractFeatures, FEATURE_GROUPS } from "$lib/features/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { only: { type: "string" }, reps: { type: "string", default: "200" } },
});
const only = values.only?.split(",");
const reps = Number(values.reps);
const want = (name: string) => !only || only.includes(name);
const fixtures = new URL("../tests/fixtures/", import.meta.url);

/** Median and best of `reps` timed runs after `warm` untimed ones, in ms. */
function time(fn: () => unknown, n = reps, warm = 20): { median: number; best: number } {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(n / 2)], best: t[0] };
}

const row = (label: string, r: { median: number; best: number }, unit = "ms") =>
  console.log(
    `${label.padEnd(58)} ${r.median.toFixed(3).padStart(9)} ${unit} median  ${
      r.best.toFixed(3).padStart(9)
    } ${unit} best`,
  );

console.log(
  `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, resampler ${resamplerInfo().name} (${resamplerInfo().detail})`,
);

if (want("audio")) {
  console.log("\n## Audio loading: 3 s of a 48 kHz int32 clip → 22050 Hz mono (decode + mix + resample)");
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
  row("loadAudioBytes(duration 3, libsoxr HQ)", time(() => loadAudioBytes(bytes, { duration: 3 })));
  row("  decode + mix only (native rate)", time(() => loadAudioBytes(bytes, { duration: 3, sampleRate: null })));
  row(
    "loadAudioBytes(duration 3, TypeScript sinc fallback)",
    time(() => loadAudioBytes(bytes, { duration: 3, resType: "sinc_kaiser" }), 20, 2),
  );
}

if (want("features")) {
  console.log("\n## Feature extraction: the seed's 195 features of a 3 s clip at 22050 Hz, one thread");
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
  const { y } = loadAudioBytes(bytes, { duration: 3 });
  for (let i = 0; i < 20; i++) extractFeatures(y);
  const n = Math.max(20, Math.floor(reps / 4));
  const timings: Record<string, number> = {};
  const total = time(() => extractFeatures(y, 22050, { timings }), n, 0);
  const groups = ["stft", ...FEATURE_GROUPS.map((g) => g.name)];
  for (const g of groups) {
    const ms = (timings[g] ?? 0) / n;
    console.log(`  ${g.padEnd(10)} ${ms.toFixed(3).padStart(8)} ms  ${"█".repeat(Math.round(ms * 4))}`);
  }
  row("extractFeatures() total (librosa 0.10.2: ~70 ms)", total);
  console.log("  stft = the shared n_fft 2048 STFT; chroma includes its tuning estimate; tonnetz includes the CQT");
}
