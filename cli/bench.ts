/**
 * `deno task bench`: the project's speed figures, each printed beside its anchor measured in the same run (librosa
 * 0.10.2 for features, PyTorch on OpenBLAS for training, predict's own batch rate for the server), as a ratio —
 * these machines vary by ±30 % between runs, ratios much less. Never part of the tests.
 *
 *   deno task bench [--only SECTIONS] [--real DIR] [--librosa DIR] [--artifacts DIR] [--reps N] [--clips N]
 *                   [--serve-seconds 20] [--serve-clients 64] [--timeline-minutes 60]
 *
 * Sections: audio, features, cold, extract, discovery, train, predict, serve, timeline, parity (all by default).
 * `--real DIR` (or SER_BENCH_REAL) is a folder of real speech for the cold-feature, extraction and discovery figures;
 * `--librosa DIR` (or SER_LIBROSA) holds librosa's source with the soxr shim in `DIR/shim`
 * (`../shared/librosa-reference/README.md`); without them those figures run on demo clips and print no ratio.
 *
 * @module
 */
import { audioDecoders, resamplerInfo } from "$lib/audio/mod.ts";
import { parseFlags, usageError } from "./_args.ts";
import type { BenchContext } from "./_bench_util.ts";
import { benchAudio, benchCold, benchFeatures, benchParity } from "./_bench_features.ts";
import { benchDiscovery, benchExtract } from "./_bench_data.ts";
import { benchTrain } from "./_bench_train.ts";
import { benchPredict } from "./_bench_predict.ts";
import { benchServe } from "./_bench_serve.ts";
import { benchTimeline } from "./_bench_timeline.ts";

const USAGE =
  "usage: deno task bench [--only audio,features,cold,extract,discovery,train,predict,serve,timeline,parity]\n" +
  "       [--real DIR] [--librosa DIR] [--artifacts DIR] [--reps N] [--clips N] [--serve-seconds S]\n" +
  "       [--serve-clients N] [--timeline-minutes M]";
const { values } = parseFlags({
  options: {
    only: { type: "string" },
    real: { type: "string" },
    librosa: { type: "string" },
    artifacts: { type: "string" },
    reps: { type: "string", default: "200" },
    clips: { type: "string", default: "160" },
    "serve-seconds": { type: "string", default: "20" },
    "serve-clients": { type: "string", default: "64" },
    "timeline-minutes": { type: "string", default: "60" },
  },
}, USAGE);

const SECTIONS: [string, string, (ctx: BenchContext) => Promise<void> | void][] = [
  ["audio", "Audio loading: the first 3 s → 22050 Hz mono (decode + mix + resample)", benchAudio],
  [
    "features",
    "Feature extraction: the seed's 195 features of a 3 s clip at 22050 Hz, warm, one thread",
    benchFeatures,
  ],
  ["cold", "Cold and warm features over clips new to a fresh process, against librosa on the same list", benchCold],
  ["extract", "Corpus extraction, no feature cache: 1 worker against 2", benchExtract],
  ["discovery", "Corpus discovery: listing, labels, SHA-256 of every file (exact duplicates)", benchDiscovery],
  ["train", "Training: the seed MLP on 7,981 × 195 rows, batch 32, Adam, 1,710 validation rows", benchTrain],
  ["predict", "Prediction: decode + resample + features + model for one 3 s 48 kHz clip; batches", benchPredict],
  ["serve", "Server: deno task serve on loopback under concurrent clients", benchServe],
  ["timeline", "Timelines: predict --timeline on a one-hour recording", benchTimeline],
  ["parity", "Parity with librosa 0.10.2 (tests/fixtures/librosa)", benchParity],
];

const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!SECTIONS.some(([n]) => n === name)) usageError(`--only: no section "${name}"`, USAGE);
}
const number = (name: string, v: string) => {
  const n = Number(v);
  if (!(n > 0)) usageError(`--${name} must be a positive number: received ${v}`, USAGE);
  return n;
};
const ctx: BenchContext = {
  reps: number("reps", values.reps),
  clips: number("clips", values.clips),
  real: values.real ?? Deno.env.get("SER_BENCH_REAL") ?? null,
  librosa: values.librosa ?? Deno.env.get("SER_LIBROSA") ?? null,
  artifacts: values.artifacts ?? null,
  serveSeconds: number("serve-seconds", values["serve-seconds"]),
  serveClients: number("serve-clients", values["serve-clients"]),
  timelineMinutes: number("timeline-minutes", values["timeline-minutes"]),
  shared: {},
};

const decoders = await audioDecoders();
console.log(
  `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, resampler ${resamplerInfo().name} (${resamplerInfo().detail}), ` +
    `decoders: ${decoders.libsndfile ?? "no libsndfile"}, ffmpeg ${decoders.ffmpeg ?? "not on PATH"}`,
);
console.log(`real speech: ${ctx.real ?? "none (--real DIR)"}; librosa: ${ctx.librosa ?? "none (--librosa DIR)"}`);
const started = performance.now();
for (const [name, title, run] of SECTIONS) {
  if (only && !only.includes(name)) continue;
  console.log(`\n## ${title}`);
  const t = performance.now();
  await run(ctx);
  console.log(`  (${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
console.log(`\nbench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
