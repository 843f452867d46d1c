import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { parseCsv } from "$lib/io/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import { ArtifactError } from "$lib/model/mod.ts";
import { runCli, trainSmallDemoRun } from "./_run.ts";

// One small pooled-mlp run (speaker-normalised, with its fallback and gender models) shared by these tests.
const run = await trainSmallDemoRun({ limit: 160, epochs: 3, model: "pooled-mlp" });
const testRows = parseCsv(await Deno.readTextFile(join(run.outputs, "test_predictions.csv")));

Deno.test("pooled-mlp trains on the demo corpus and writes main, fallback and gender models with their metadata", async () => {
  const meta = JSON.parse(await Deno.readTextFile(join(run.artifacts, "model_metadata.json")));
  assert.equal(meta.model_family, "pooled-mlp");
  assert.equal(meta.feature_set, "pooled");
  assert.equal(meta.input_features, 676);
  assert.equal(meta.speaker_norm, "speaker");
  assert.equal(meta.ensemble_members, 5);
  assert.deepEqual(meta.gender_classes, ["female", "male"]);
  for (const f of ["model/model.json", "global/model.json", "gender/model.json", "global_scaler.json", "gender.json"]) {
    assert.ok(await Deno.stat(join(run.artifacts, f)), f);
  }
  assert.ok(
    !(await Deno.stat(join(run.artifacts, "best")).catch(() => null)),
    "no single-epoch checkpoint for an ensemble",
  );
  const results = JSON.parse(await Deno.readTextFile(join(run.outputs, "test_results.json")));
  assert.equal(results.model_family, "pooled-mlp");
  assert.match(results.normalization, /transductive/);
  assert.equal(typeof results.fallback_accuracy, "number");
  assert.equal(typeof results.gender_accuracy, "number");
});

Deno.test("the ensemble artifact is one plain tfjs layers model that tf.loadLayersModel reads from its files", async () => {
  const dir = join(run.artifacts, "model");
  const json = JSON.parse(await Deno.readTextFile(join(dir, "model.json")));
  const weights = await Deno.readFile(join(dir, "weights.bin"));
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer,
  }));
  assert.deepEqual(model.inputs[0].shape, [null, 676]);
  assert.deepEqual(model.outputs[0].shape, [null, run.summary.classes.length]);
  // Its softmax averages sum to 1.
  const p = model.predict(tf.zeros([2, 676])) as tf.Tensor;
  for (const row of await p.array() as number[][]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  tf.dispose([p]);
  model.dispose();
});

Deno.test("predict: a single clip falls back to the global model and says so; speaker groups normalise", async (t) => {
  const p = await loadPredictor(run.artifacts);
  assert.ok(p.speakerNormalised);
  const clips = testRows.slice(0, 6).map((r) => join(run.data, r.path));
  await t.step("one clip, no group: global scaler and fallback, with a note", async () => {
    const one = await p.predict(clips[0]);
    assert.equal(one.normalization, "global");
    assert.match(one.note!, /no speaker group: global scaler and the global fallback model used/);
    assert.ok(one.gender && ["female", "male"].includes(one.gender.label));
  });
  await t.step("--speaker-by folder normalises the files of each folder with two or more clips", async () => {
    const rows = await p.predictBatch(clips, { speakers: { by: "folder" } });
    const counts = new Map<string, number>();
    for (const c of clips) counts.set(join(c, ".."), (counts.get(join(c, "..")) ?? 0) + 1);
    for (const r of rows) {
      assert.equal(r.error, null);
      if (r.error !== null) continue;
      assert.equal(r.normalization, counts.get(join(r.file, ".."))! >= 2 ? "speaker" : "global", r.file);
    }
  });
  await t.step("--calibrate: other clips of the speaker normalise a single input", async () => {
    const [row] = await p.predictBatch([clips[0]], { speakers: { calibrate: clips.slice(1, 4) } });
    assert.equal(row.error, null);
    if (row.error === null) {
      assert.equal(row.normalization, "speaker");
      assert.equal(row.speakerGroup, "calibration");
    }
  });
  await t.step("the CLI takes the same options and prints the normalisation", async () => {
    const r = await runCli("predict.ts", [
      "--artifacts",
      run.artifacts,
      "--format",
      "csv",
      "--speaker-by",
      "folder",
      ...clips,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const csv = parseCsv(r.stdout);
    assert.ok(csv.some((x) => x.normalization === "speaker"));
    assert.ok(csv.every((x) => ["female", "male"].includes(x.gender)));
  });
});

Deno.test("the predictor refuses artifacts whose feature set does not match the model", async () => {
  const bad = await Deno.makeTempDir();
  await Deno.mkdir(join(bad, "a"));
  for await (const e of Deno.readDir(run.artifacts)) {
    if (e.isFile) await Deno.copyFile(join(run.artifacts, e.name), join(bad, "a", e.name));
    else {
      await Deno.mkdir(join(bad, "a", e.name));
      for await (const f of Deno.readDir(join(run.artifacts, e.name))) {
        await Deno.copyFile(join(run.artifacts, e.name, f.name), join(bad, "a", e.name, f.name));
      }
    }
  }
  const metaPath = join(bad, "a", "model_metadata.json");
  const meta = JSON.parse(await Deno.readTextFile(metaPath));
  const { FEATURE_CONFIG } = await import("$lib/features/mod.ts");
  await Deno.writeTextFile(metaPath, JSON.stringify({ ...meta, feature_set: "seed", feature_config: FEATURE_CONFIG }));
  await assert.rejects(
    () => loadPredictor(join(bad, "a")),
    (e: Error) =>
      e instanceof ArtifactError &&
      /the model expects 676 features but this code extracts 195 \(seed feature set\)/.test(e.message),
  );
});
