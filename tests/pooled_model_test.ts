import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { parseCsv } from "$lib/io/mod.ts";
import { enrolFromRecordings, loadPredictor } from "$lib/pipeline/mod.ts";
import { ArtifactError } from "$lib/model/mod.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";

// One small pooled-mlp run in all three modes (with the gender model) shared by these tests.
const run = await trainSmallDemoRun({
  limit: 160,
  epochs: 3,
  model: "pooled-mlp",
  modes: ["global", "enrolled", "transductive"],
});
const testRows = parseCsv(await Deno.readTextFile(join(run.outputs, "test_predictions.csv")));

Deno.test("pooled-mlp trains one model per mode and the gender model, and records the modes", async () => {
  const meta = JSON.parse(await Deno.readTextFile(join(run.artifacts, "model_metadata.json")));
  assert.equal(meta.model_family, "pooled-mlp");
  assert.equal(meta.feature_set, "pooled");
  assert.equal(meta.input_features, 676);
  assert.deepEqual(meta.modes, ["global", "enrolled", "transductive"]);
  assert.deepEqual(meta.enrolment, { label: "neutral", seconds: 10 });
  assert.equal(meta.ensemble_members, 5);
  assert.deepEqual(meta.gender_classes, ["female", "male"]);
  for (
    const f of [
      "model/model.json",
      "scaler.json",
      "enrolled/model.json",
      "enrolled_scaler.json",
      "transductive/model.json",
      "transductive_scaler.json",
      "gender/model.json",
      "gender.json",
    ]
  ) assert.ok(await Deno.stat(join(run.artifacts, f)), f);
  assert.ok(!(await Deno.stat(join(run.artifacts, "best")).catch(() => null)), "no single-epoch checkpoint");
  const results = JSON.parse(await Deno.readTextFile(join(run.outputs, "test_results.json")));
  assert.equal(results.model_family, "pooled-mlp");
  assert.equal(results.mode, "global");
  assert.deepEqual(Object.keys(results.modes), ["global", "enrolled", "transductive"]);
  assert.match(results.modes.transductive.meaning, /transductive/);
  assert.equal(typeof results.gender_accuracy, "number");
  // Enrolment clips are never scored: the enrolled mode scores fewer clips than the others.
  assert.ok(results.modes.enrolled.enrolment_clips > 0);
  assert.equal(results.modes.enrolled.clips + results.modes.enrolled.enrolment_clips, results.modes.global.clips);
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

Deno.test("predict in each mode: global alone, enrolled with an enrolment, transductive with groups", async (t) => {
  const p = await loadPredictor(run.artifacts);
  assert.deepEqual(p.modes, ["global", "enrolled", "transductive"]);
  const clips = testRows.slice(0, 6).map((r) => join(run.data, r.path));
  await t.step("one clip, nothing else: the global mode, no note", async () => {
    const one = await p.predict(clips[0]);
    assert.equal(one.mode, "global");
    assert.equal(one.note, undefined);
    assert.ok(one.gender && ["female", "male"].includes(one.gender.label));
  });
  await t.step("an enrolment from recordings centres the clip: the enrolled mode", async () => {
    const enrolment = await enrolFromRecordings(p, clips.slice(1, 4));
    assert.equal(enrolment.clips, 3);
    assert.equal(enrolment.mean.length, 676);
    const e = await p.predict(clips[0], { enrolment });
    assert.equal(e.mode, "enrolled");
    assert.notDeepEqual(e.probabilities, (await p.predict(clips[0])).probabilities);
  });
  await t.step("--speaker-by folder: folders of two or more clips are transductive, lone clips global", async () => {
    const rows = await p.predictBatch(clips, { speakers: { by: "folder" } });
    const counts = new Map<string, number>();
    for (const c of clips) counts.set(join(c, ".."), (counts.get(join(c, "..")) ?? 0) + 1);
    for (const r of rows) {
      assert.equal(r.error, null);
      if (r.error !== null) continue;
      const grouped = counts.get(join(r.file, ".."))! >= 2;
      assert.equal(r.mode, grouped ? "transductive" : "global", r.file);
      if (grouped) assert.match(r.note!, /clips all in one mood are misread/);
    }
  });
  await t.step("--enrol: every input enrolled with the same recordings", async () => {
    const rows = await p.predictBatch(clips.slice(0, 2), { speakers: { enrol: clips.slice(2, 5) } });
    assert.ok(rows.every((r) => r.error === null && r.mode === "enrolled"));
  });
  await t.step("the CLI takes the same options and prints the mode", async () => {
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
    assert.ok(csv.some((x) => x.mode === "transductive"));
    assert.ok(csv.every((x) => ["female", "male"].includes(x.gender)));
    const e = await runCli("predict.ts", [
      "--artifacts",
      run.artifacts,
      "--format",
      "csv",
      "--enrol",
      clips[5],
      clips[0],
    ]);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(parseCsv(e.stdout)[0].mode, "enrolled");
  });
});

Deno.test("a model refuses a mode it was not trained for, naming the modes it has", async () => {
  const seedRun = await trainSmallDemoRun({ limit: 60, epochs: 1, model: "original-mlp" });
  const r = await runCli("predict.ts", ["--artifacts", seedRun.artifacts, "--mode", "enrolled", "x.wav"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /trained for global, not enrolled \(retrain with --modes\)/);
  await Deno.remove(seedRun.tmp, { recursive: true });
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
  await Deno.writeTextFile(
    metaPath,
    JSON.stringify({
      ...meta,
      feature_set: "seed", // the former name, read as "original"
      feature_config: FEATURE_CONFIG,
    }),
  );
  await assert.rejects(
    () => loadPredictor(join(bad, "a")),
    (e: Error) =>
      e instanceof ArtifactError &&
      /the model expects 676 features but this code extracts 195 \(original feature set/.test(e.message),
  );
  await Deno.remove(bad, { recursive: true });
});
