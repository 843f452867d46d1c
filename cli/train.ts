/**
 * `deno task train [--data DIR] [--model seed-mlp|pooled-mlp] [--speaker-norm speaker|none] [--augment N]
 *  [--split seed|speaker] [--epochs N] [--seed N] [--out DIR] [--workers N] [--layout auto|folders]
 *  [--speaker-pattern REGEX] [--labels a,b,c] [--merge from=to,...]`
 *
 * The headless main job: discover → extract (cached) → split → scale → train → evaluate → write outputs and
 * artifacts. With no corpus under `dataset/` it trains on the synthetic demo corpus and says so; a folder named with
 * `--data` must exist and hold a corpus.
 * `--out DIR` puts outputs/, artifacts/ and charts/ under DIR instead of the repository root.
 *
 * @module
 */
import { join } from "node:path";
import { runPipeline } from "$lib/pipeline/mod.ts";
import { dataFlags, intFlag, modelFlags, parseFlags, usageError } from "./_args.ts";

const usage =
  "usage: deno task train [--data DIR] [--model seed-mlp|pooled-mlp] [--speaker-norm speaker|none] [--augment N]\n" +
  "       [--split seed|speaker] [--epochs N] [--seed N] [--out DIR] [--workers N] [--layout auto|folders]\n" +
  "       [--speaker-pattern REGEX] [--labels a,b,c] [--merge from=to,...] [--no-cache] [--include-boredom]";
const { values } = parseFlags({
  options: {
    data: { type: "string" },
    split: { type: "string", default: "seed" },
    epochs: { type: "string" },
    model: { type: "string", default: "seed-mlp" },
    "speaker-norm": { type: "string" },
    augment: { type: "string", default: "0" },
    seed: { type: "string", default: "42" },
    out: { type: "string" },
    workers: { type: "string" },
    "no-cache": { type: "boolean", default: false },
    "include-boredom": { type: "boolean", default: false },
    layout: { type: "string", default: "auto" },
    "speaker-pattern": { type: "string" },
    labels: { type: "string" },
    merge: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
}, usage);
if (values.help) {
  console.log(usage);
  Deno.exit(0);
}
if (values.split !== "seed" && values.split !== "speaker") {
  usageError(`--split must be "seed" or "speaker": received ${values.split}`, usage);
}
const epochs = intFlag("epochs", values.epochs, 1, usage), seed = intFlag("seed", values.seed, 0, usage)!;
const { model, speakerNorm } = modelFlags(values, usage);
const dataOptions = dataFlags(values, usage);
const workers = intFlag("workers", values.workers, 1, usage);
const augment = intFlag("augment", values.augment, 0, usage)!;
const root = values.out ?? ".";

const t0 = performance.now();
try {
  const s = await runPipeline({
    dataDir: values.data ?? "dataset",
    // Only the default dataset/ falls back to the demo corpus; a folder named with --data must hold a corpus.
    demoFallback: values.data === undefined,
    split: values.split as "seed" | "speaker",
    model,
    speakerNorm,
    augment,
    epochs,
    seed,
    workers,
    cacheDir: values["no-cache"] ? null : ".cache/features",
    includeBoredom: values["include-boredom"],
    ...dataOptions,
    outputsDir: join(root, "outputs"),
    artifactsDir: join(root, "artifacts"),
    chartsDir: join(root, "charts"),
  });
  const total = (performance.now() - t0) / 1000;
  console.log("");
  console.log(
    `Done in ${total.toFixed(1)} s on ${s.source.kind === "synthetic" ? "the SYNTHETIC demo corpus" : s.source.root}.`,
  );
  console.log(
    `  test accuracy  ${(100 * s.testAccuracy).toFixed(2)} %   (loss ${
      s.testLoss.toFixed(4)
    }, ${s.counts.test} clips, best epoch ${s.bestEpoch + 1} of ${s.history.length})`,
  );
  console.log(`  macro F1       ${(100 * s.report.macro.f1).toFixed(2)} %`);
  if (s.extras.length) { for (const line of s.extras) console.log(`  ${line}`); }
  console.log(`  stages         ${Object.entries(s.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")}`);
  console.log(`  outputs        ${s.outputsDir}/ (metrics, history, manifest, report)`);
  console.log(`  artifacts      ${s.artifactsDir}/ (model/, best/, scaler.json, labels.json, model_metadata.json)`);
  if (s.source.kind === "synthetic") console.log(`  note           ${s.source.note}`);
} catch (e) {
  console.error(`train failed: ${(e as Error).message}`);
  Deno.exit(1);
}
