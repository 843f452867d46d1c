/**
 * `deno task cv [--data DIR] [--protocol ravdess6|loso] [--model NAME[,NAME…]] [--speaker-norm speaker|none]
 *  [--extra-corpora] [--augment N] [--epochs N] [--seed N] [--out DIR] [--workers N] [--labels …] [--merge …]`
 *
 * Speaker-independent cross-validation on real speech: per fold and mean ± sd of WA, UA and macro F1, the confusion
 * matrix summed over folds, two charts and a report, written to `--out` (default `outputs/cv`). Several models on the
 * same folds with `--model pooled-mlp,seed-mlp`. Progress per fold on stderr.
 *
 * @module
 */
import { join } from "node:path";
import { crossValidate, cvLabel, writeCvOutputs } from "$lib/pipeline/mod.ts";
import { dataFlags, intFlag, modelFlags, parseFlags, usageError } from "./_args.ts";

const usage =
  "usage: deno task cv [--data DIR] [--protocol ravdess6|loso] [--model NAME[,NAME...]] [--speaker-norm speaker|none]\n" +
  "       [--extra-corpora] [--augment N] [--epochs N] [--seed N] [--out DIR] [--workers N] [--max-folds N]\n" +
  "       [--layout auto|folders] [--speaker-pattern REGEX] [--labels a,b,c] [--merge from=to,...] [--no-cache]";
const { values } = parseFlags({
  options: {
    data: { type: "string" },
    protocol: { type: "string", default: "ravdess6" },
    model: { type: "string", default: "pooled-mlp" },
    "speaker-norm": { type: "string" },
    "extra-corpora": { type: "boolean", default: false },
    augment: { type: "string", default: "0" },
    epochs: { type: "string" },
    seed: { type: "string", default: "42" },
    out: { type: "string" },
    workers: { type: "string" },
    "max-folds": { type: "string", default: "10" },
    layout: { type: "string", default: "auto" },
    "speaker-pattern": { type: "string" },
    labels: { type: "string" },
    merge: { type: "string" },
    "no-cache": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
}, usage);
if (values.help) {
  console.log(usage);
  Deno.exit(0);
}
if (values.protocol !== "ravdess6" && values.protocol !== "loso") {
  usageError(`--protocol must be "ravdess6" or "loso": received ${values.protocol}`, usage);
}
const models = values.model.split(",").map((m) => m.trim()).filter(Boolean);
for (const m of models) modelFlags({ model: m }, usage);
const { speakerNorm } = modelFlags({ "speaker-norm": values["speaker-norm"] }, usage);
const seed = intFlag("seed", values.seed, 0, usage)!;
const out = values.out ?? join("outputs", "cv");
const started = new Date();
const t0 = performance.now();
try {
  const run = await crossValidate({
    dataDir: values.data ?? "dataset",
    demoFallback: values.data === undefined,
    protocol: values.protocol as "ravdess6" | "loso",
    models,
    speakerNorm,
    extraCorpora: values["extra-corpora"],
    augment: intFlag("augment", values.augment, 0, usage),
    epochs: intFlag("epochs", values.epochs, 1, usage),
    seed,
    workers: intFlag("workers", values.workers, 1, usage),
    maxFolds: intFlag("max-folds", values["max-folds"], 2, usage),
    cacheDir: values["no-cache"] ? null : ".cache/features",
    outputsDir: out,
    ...dataFlags(values, usage),
    onFold: (e) => {
      if (!e.scores) console.error(`cv: ${e.model} fold ${e.fold + 1}/${e.folds} (${e.name}) …`);
      else {
        console.error(
          `cv: ${e.model} fold ${e.fold + 1}/${e.folds} (${e.name}): WA ${(100 * e.scores.wa).toFixed(1)} %, UA ${
            (100 * e.scores.ua).toFixed(1)
          } % on ${e.scores.n} clips`,
        );
      }
    },
  });
  const files = await writeCvOutputs(run, out, join(out, "charts"), {
    seed,
    started,
    config: { ...values, models },
  });
  console.log(
    `\nCross-validation (${run.protocol}) on ${
      run.source.kind === "synthetic" ? "the SYNTHETIC demo corpus" : run.source.root
    }, ${run.clips.tested} clips tested once each, in ${((performance.now() - t0) / 1000).toFixed(0)} s:`,
  );
  for (const r of run.results) {
    const f = (s: { mean: number; sd: number }) => `${(100 * s.mean).toFixed(1)} ± ${(100 * s.sd).toFixed(1)} %`;
    console.log(`  ${cvLabel(r).padEnd(34)} WA ${f(r.wa)}  UA ${f(r.ua)}  macro F1 ${f(r.macroF1)}`);
    if (r.fallback) {
      console.log(
        `  ${"".padEnd(34)} without speaker statistics (global fallback): WA ${f(r.fallback.wa)}  UA ${
          f(r.fallback.ua)
        }`,
      );
    }
    if (r.genderAccuracy) console.log(`  ${"".padEnd(34)} gender ${f(r.genderAccuracy)}`);
    console.log(`  ${"".padEnd(34)} per fold WA: ${r.folds.map((x) => (100 * x.scores.wa).toFixed(0)).join(", ")}`);
  }
  for (const n of run.notes) console.log(`  note: ${n}`);
  console.log(`  outputs: ${files.results}, ${files.summary}, ${files.report}, charts in ${join(out, "charts")}/`);
} catch (e) {
  console.error(`cv failed: ${(e as Error).message}`);
  Deno.exit(1);
}
