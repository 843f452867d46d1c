/**
 * `./ser bench`: the project's speed figures, each printed beside its anchor measured in the same run (librosa
 * 0.10.2 for features, PyTorch on OpenBLAS for training, predict's own batch rate for the server), as a ratio —
 * these machines vary by ±30 % between runs, ratios much less. Never part of the tests.
 *
 *   ./ser bench [--only SECTIONS] [--real DIR] [--librosa DIR] [--artifacts DIR] (./ser help bench)
 *
 * Sections: audio, features, cold, extract, discovery, train, classic, predict, serve, stream, timeline, site, onnx, queue,
 * parity
 * (all by default).
 * `--real DIR` (or SER_BENCH_REAL) is a folder of real speech for the cold-feature, extraction and discovery figures;
 * `--librosa DIR` (or SER_LIBROSA) holds librosa's source with the soxr shim in `DIR/shim`
 * (`../shared/librosa-reference/README.md`); without them those figures run on demo clips and print no ratio.
 *
 * @module
 */
import { audioDecoders, resamplerInfo } from "$lib/audio/mod.ts";
import { numFlag, parseTask, str, usageError } from "../cli/task_args.ts";
import { didYouMean } from "../cli/tasks.ts";
import type { BenchContext } from "./_measure.ts";
import { benchAudio, benchCold, benchFeatures, benchParity } from "./_features_bench.ts";
import { benchDiscovery, benchExtract } from "./_data_bench.ts";
import { benchTrain } from "./_train_bench.ts";
import { benchClassic } from "./_classic_bench.ts";
import { benchPredict } from "./_predict_bench.ts";
import { benchServe } from "./_serve_bench.ts";
import { benchTimeline } from "./_timeline_bench.ts";
import { benchStream } from "./_stream_bench.ts";
import { benchSite } from "./_site_bench.ts";
import { benchOnnx } from "./_onnx_bench.ts";
import { benchQueue } from "./_queue_bench.ts";

const p = parseTask("bench");

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
  [
    "classic",
    "Classic learners: logistic regression, the RBF SVM and the random forest on 13.5k × 676 pooled features, against scikit-learn",
    benchClassic,
  ],
  ["predict", "Prediction: decode + resample + features + model for one 3 s 48 kHz clip; batches", benchPredict],
  ["serve", "Server: deno task serve on loopback under concurrent clients", benchServe],
  ["stream", "Live stream: the recommended model over /v1/stream at real-time pace", benchStream],
  ["timeline", "Timelines: predict --timeline on a one-hour recording", benchTimeline],
  ["site", "On-device site: the recommended model in Chromium, beside the server", benchSite],
  ["onnx", "ONNX export: every family run by onnxruntime-node against predict", benchOnnx],
  [
    "queue",
    "Queue: predict and timelines through Redis with 1, 2 and 3 worker processes, against in-process",
    benchQueue,
  ],
  ["parity", "Parity with librosa 0.10.2 (tests/fixtures/librosa)", benchParity],
];

const only = str(p, "only")?.split(",").map((s) => s.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!SECTIONS.some(([n]) => n === name)) {
    const guess = didYouMean(name, SECTIONS.map(([n]) => n));
    usageError(p.spec, `--only: no section "${name}"${guess ? ` (did you mean ${guess}?)` : ""}`);
  }
}
const ctx: BenchContext = {
  reps: numFlag(p, "reps", 1)!,
  clips: numFlag(p, "clips", 1)!,
  real: str(p, "real") ?? Deno.env.get("SER_BENCH_REAL") ?? null,
  librosa: str(p, "librosa") ?? Deno.env.get("SER_LIBROSA") ?? null,
  artifacts: str(p, "artifacts") ?? null,
  serveSeconds: numFlag(p, "serve-seconds", 1)!,
  serveClients: numFlag(p, "serve-clients", 1)!,
  timelineMinutes: numFlag(p, "timeline-minutes", 0.1)!,
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
