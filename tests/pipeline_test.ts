import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCsv } from "$lib/io/mod.ts";
import { loadArtifacts } from "$lib/model/mod.ts";
import { trainSmallDemoRun } from "./support/run_cli.ts";

Deno.test("runPipeline() trains on a (small) synthetic corpus and writes the seed's outputs and loadable artifacts", async () => {
  const messages: string[] = [];
  const { summary: s, tmp, artifacts } = await trainSmallDemoRun({
    limit: 160,
    epochs: 3,
    extraFiles: { "README.md": "not audio\n" },
    log: (m) => messages.push(m),
    model: "original-mlp", // the seed's outputs
  });
  assert.equal(s.source.kind, "synthetic");
  assert.match(messages.join("\n"), /160 SYNTHETIC clips/);
  assert.equal(s.counts.train + s.counts.val + s.counts.test, 160);
  const out = (f: string) => Deno.readTextFile(join(tmp, "outputs", f));
  // Every file under the corpus is in exactly one of manifest.csv and skipped.csv.
  const manifest = parseCsv(await out("manifest.csv")), skipped = parseCsv(await out("skipped.csv"));
  assert.equal(manifest.length, 160);
  assert.deepEqual(skipped.map((r) => r.path).sort(), ["Crema/VideoDemographics.csv", "README.md", "SYNTHETIC.json"]);
  assert.ok(manifest.every((r) => r.synthetic === "true"));
  assert.deepEqual(Object.keys(parseCsv(await out("training_history.csv"))[0]), [
    "epoch",
    "train_loss",
    "val_loss",
    "train_accuracy",
    "val_accuracy",
    "lr",
    "seconds",
  ]);
  assert.deepEqual(Object.keys(parseCsv(await out("emotion_distribution.csv"))[0]), ["emotion", "count"]);
  assert.deepEqual(Object.keys(parseCsv(await out("dataset_distribution.csv"))[0]), ["dataset", "count"]);
  assert.deepEqual(Object.keys(parseCsv(await out("per_class_accuracy.csv"))[0]), ["Emotion", "Accuracy"]);
  const split = parseCsv(await out("split.csv"));
  assert.equal(split.length, 160);
  assert.ok(
    split.filter((r) => r.corpus === "RAVDESS").every((r) => ["0", "1"].includes(r.ravdess_fold)),
    "demo actors 1–6 are in folds 0 and 1",
  );
  assert.ok(split.filter((r) => r.corpus !== "RAVDESS").every((r) => r.ravdess_fold === ""));
  const report = parseCsv(await out("classification_report.csv"));
  assert.deepEqual(report.slice(-3).map((r) => r[""]), ["accuracy", "macro avg", "weighted avg"]);
  const results = JSON.parse(await out("test_results.json"));
  assert.deepEqual(Object.keys(results).slice(0, 5), [
    "test_accuracy",
    "test_loss",
    "num_test_samples",
    "num_classes",
    "classes",
  ]);
  // The reported accuracy is the share of correct rows in test_predictions.csv.
  const preds = parseCsv(await out("test_predictions.csv"));
  assert.equal(preds.length, results.num_test_samples);
  assert.equal(preds.filter((p) => p.true === p.predicted).length / preds.length, results.test_accuracy);
  const run = JSON.parse(await out("run.json"));
  assert.equal(run.data_source.kind, "synthetic");
  assert.ok(run.timings_seconds.train > 0);
  assert.match(await out("file_summary.txt"), /Artifacts \(.*\): \d+ files/);
  const a = await loadArtifacts(artifacts);
  assert.equal(a.metadata.data_source.kind, "synthetic");
  assert.equal(a.metadata.total_parameters, 277192);
  assert.deepEqual(a.labels, s.classes);
  await loadArtifacts(artifacts, { which: "best" });
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a data folder named explicitly must exist and hold a corpus; only the default falls back to the demo corpus", async () => {
  const { resolveDataSource } = await import("$lib/pipeline/mod.ts");
  const empty = await Deno.makeTempDir();
  await assert.rejects(
    resolveDataSource({ dataDir: join(empty, "missing"), demoFallback: false }),
    /missing: no such folder/,
  );
  await assert.rejects(
    resolveDataSource({ dataDir: empty, demoFallback: false }),
    /no labelled clips found: no metadata.csv lists any, and no RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB clips were recognised/,
  );
  await Deno.remove(empty, { recursive: true });
});
