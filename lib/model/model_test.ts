import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { FEATURE_CONFIG } from "../features/extract_features.ts";
import {
  ArtifactError,
  loadArtifacts,
  loadModel,
  type ModelMetadata,
  saveArtifacts,
  saveModel,
} from "./artifacts/artifacts.ts";
import { globalOnly } from "./families/family.ts";
import { ORIGINAL_MLP } from "./families/original_mlp.ts";
import { initBackend } from "./engine/backend.ts";
import { buildOriginalMlp } from "./networks/mlp.ts";
import { withSeededRandom } from "./engine/seeded_random.ts";
import { evaluateModel, trainModel } from "./engine/train_model.ts";

await initBackend();

/** A small learnable problem: the label is the bin of feature 0. */
function problem(n: number, dim: number, seed: number) {
  let a = seed;
  const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const x = Float32Array.from({ length: n * dim }, () => r() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => Math.min(3, Math.floor(((x[i * dim] + 1) / 2) * 4)));
  return { x, y };
}

Deno.test("buildOriginalMlp() has the seed's 277,192 parameters, 275,272 trainable", () => {
  const m = buildOriginalMlp();
  const trainable = m.trainableWeights.reduce((s, w) => s + (w.read() as tf.Tensor).size, 0);
  assert.equal(m.countParams(), 277192);
  assert.equal(trainable, 275272);
  assert.equal(m.layers.length, 13);
  assert.equal(tf.getBackend(), "wasm");
});

Deno.test("the same seed gives an identical history; another seed does not", async () => {
  const train = problem(256, 16, 7), val = problem(64, 16, 9);
  const run = (seed: number) =>
    withSeededRandom(
      seed,
      () => trainModel(buildOriginalMlp({ inputDim: 16, numClasses: 4 }), train, val, { epochs: 3, seed }),
    );
  const a = await run(1), b = await run(1), c = await run(2);
  const strip = (h: typeof a.history) => h.map(({ seconds: _s, ...rest }) => rest);
  assert.deepEqual(strip(a.history), strip(b.history));
  assert.notDeepEqual(strip(a.history), strip(c.history));
});

Deno.test("training learns a learnable problem and restores the best val_loss weights", async () => {
  const train = problem(2400, 8, 3), val = problem(200, 8, 4); // enough steps for BatchNorm moving statistics to settle
  const model = await withSeededRandom(5, () => buildOriginalMlp({ inputDim: 8, numClasses: 4 }));
  const r = await withSeededRandom(5, () => trainModel(model, train, val, { epochs: 8, seed: 5 }));
  const final = evaluateModel(model, val, 4);
  const best = r.history[r.bestEpoch];
  assert.ok(final.accuracy > 0.6, `val accuracy ${final.accuracy}`);
  assert.ok(Math.abs(final.loss - best.valLoss) < 1e-6, `restored ${final.loss} vs best ${best.valLoss}`);
  assert.ok(r.history.every((h) => h.lr === 1e-3 || h.lr === 5e-4 || h.lr === 2.5e-4));
});

Deno.test("artifacts round-trip: the same predictions after save and load", async () => {
  const dir = await Deno.makeTempDir();
  const model = await withSeededRandom(3, () => buildOriginalMlp());
  const x = tf.randomNormal([5, 195], 0, 1, "float32", 1);
  const before = (model.predict(x) as tf.Tensor).dataSync();
  const metadata = { feature_config: FEATURE_CONFIG } as unknown as ModelMetadata;
  await saveArtifacts(dir, {
    fitted: globalOnly(ORIGINAL_MLP, {
      model,
      scaler: { mean: new Array(195).fill(0), scale: new Array(195).fill(1) },
    }),
    best: model,
    labels: ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"],
    metadata,
    labelSet: { merge: {}, labels: null },
  });
  const loaded = await loadArtifacts(dir);
  assert.deepEqual((loaded.fitted.modes.global.model.predict(x) as tf.Tensor).dataSync(), before);
  assert.deepEqual((await loadArtifacts(dir, { which: "best" })).labels.length, 8);
  const json = JSON.parse(await Deno.readTextFile(join(dir, "model", "model.json")));
  assert.equal(json.format, "layers-model");
  assert.deepEqual(json.weightsManifest[0].paths, ["weights.bin"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bad or mismatched artifacts give clear ArtifactErrors", async (t) => {
  const dir = await Deno.makeTempDir();
  const model = buildOriginalMlp();
  const labels = ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"];
  const scaler = { mean: new Array(195).fill(0), scale: new Array(195).fill(1) };
  const metadata = { feature_config: FEATURE_CONFIG } as unknown as ModelMetadata;
  await saveArtifacts(dir, {
    fitted: globalOnly(ORIGINAL_MLP, { model, scaler }),
    labels,
    metadata,
    labelSet: { merge: {}, labels: null },
  });
  const expectError = async (re: RegExp) => {
    const e = await loadArtifacts(dir).then(() => null, (err) => err);
    assert.ok(e instanceof ArtifactError, String(e));
    assert.match(e.message, re);
  };
  await t.step("missing folder", async () => {
    const e = await loadArtifacts(join(dir, "nope")).then(() => null, (err) => err);
    assert.ok(e instanceof ArtifactError);
    assert.match(e.message, /model_metadata.json: missing .* run `deno task train`/);
  });
  await t.step("labels that do not match the model's outputs", async () => {
    await Deno.writeTextFile(join(dir, "labels.json"), JSON.stringify({ classes: labels.slice(0, 7) }));
    await expectError(/labels.json lists 7 classes but the model outputs 8/);
    await Deno.writeTextFile(join(dir, "labels.json"), JSON.stringify({ classes: labels }));
  });
  await t.step("a scaler of the wrong width", async () => {
    await Deno.writeTextFile(
      join(dir, "scaler.json"),
      JSON.stringify({ mean: new Array(194).fill(0), scale: new Array(194).fill(1) }),
    );
    await expectError(/scaler.json has 194 features but the model expects 195/);
    await Deno.writeTextFile(join(dir, "scaler.json"), JSON.stringify(scaler));
  });
  await t.step("a different feature configuration", async () => {
    await Deno.writeTextFile(
      join(dir, "model_metadata.json"),
      JSON.stringify({ feature_config: { ...FEATURE_CONFIG, hopLength: 256 } }),
    );
    await expectError(/trained with original feature config .* retrain/);
    await Deno.writeTextFile(join(dir, "model_metadata.json"), JSON.stringify(metadata));
  });
  await t.step("truncated weights", async () => {
    const w = await Deno.readFile(join(dir, "model", "weights.bin"));
    await Deno.writeFile(join(dir, "model", "weights.bin"), w.subarray(0, 1000));
    const e = await loadModel(join(dir, "model")).then(() => null, (err) => err);
    assert.ok(e instanceof ArtifactError);
    assert.match(e.message, /weights.bin holds 1000 bytes but model.json describes 1108768/);
  });
  await t.step("not JSON", async () => {
    await Deno.writeTextFile(join(dir, "labels.json"), "{oops");
    await expectError(/labels.json: not valid JSON/);
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("saveModel() replaces an existing folder without leaving temporary files", async () => {
  const dir = await Deno.makeTempDir();
  await saveModel(buildOriginalMlp({ inputDim: 4, numClasses: 2 }), join(dir, "m"));
  await saveModel(buildOriginalMlp({ inputDim: 4, numClasses: 2 }), join(dir, "m"));
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["m"]);
  assert.deepEqual([...Deno.readDirSync(join(dir, "m"))].map((e) => e.name).sort(), ["model.json", "weights.bin"]);
  await Deno.remove(dir, { recursive: true });
});
