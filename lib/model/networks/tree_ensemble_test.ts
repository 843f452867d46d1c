import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../engine/backend.ts";
import type { TreeData } from "../engine/random_forest.ts";
import { buildTreeEnsemble, packTrees } from "./tree_ensemble.ts";

// Tree A: x0 ≤ 0.5 → leaf [1, 0]; else x1 ≤ 2 → leaf [0.25, 0.75], else leaf [0, 1]. Tree B: one leaf [0.5, 0.5].
const A: TreeData = {
  feature: Int32Array.of(0, -1, 1, -1, -1),
  threshold: Float32Array.of(0.5, 0, 2, 0, 0),
  left: Int32Array.of(1, -1, 3, -1, -1),
  right: Int32Array.of(2, 0, 4, 1, 2),
  values: Float32Array.of(1, 0, 0.25, 0.75, 0, 1),
  classes: 2,
};
const B: TreeData = {
  feature: Int32Array.of(-1),
  threshold: Float32Array.of(0),
  left: Int32Array.of(-1),
  right: Int32Array.of(0),
  values: Float32Array.of(0.5, 0.5),
  classes: 2,
};

Deno.test("packTrees(): global child indices and leaf rows, worked by hand", () => {
  const { nodes, values, roots } = packTrees([A, B]);
  assert.deepEqual([...roots], [0, 5]);
  assert.deepEqual([...nodes.subarray(0, 4)], [0, 0.5, 1, 2]);
  assert.deepEqual([...nodes.subarray(20, 24)], [-1, 0, -1, 3]); // B's leaf is the fourth leaf row
  assert.deepEqual([...values], [1, 0, 0.25, 0.75, 0, 1, 0.5, 0.5]);
});

Deno.test("TreeEnsemble: the mean of the trees' leaf shares, worked by hand; survives a save and load", async () => {
  await initBackend();
  const model = buildTreeEnsemble(2, [A, B]);
  const x = tf.tensor2d([0.5, 9, 0.6, 2, 0.6, 2.01], [3, 2]);
  // row 1: x0 = 0.5 ≤ 0.5 → [1, 0]; row 2: x1 = 2 ≤ 2 → [0.25, 0.75]; row 3 → [0, 1]; each averaged with [0.5, 0.5].
  const expected = [[0.75, 0.25], [0.375, 0.625], [0.25, 0.75]];
  const check = (m: tf.LayersModel) => {
    const out = tf.tidy(() => (m.predict(x) as tf.Tensor).arraySync()) as number[][];
    out.forEach((row, i) => row.forEach((p, c) => assert.ok(Math.abs(p - expected[i][c]) < 1e-7, `${i}: ${row}`)));
  };
  check(model);
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler((a) => Promise.resolve((saved = a, { modelArtifactsInfo: {} as never }))));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  check(loaded);
  assert.throws(() => buildTreeEnsemble(2, []), /at least one tree/);
  tf.dispose([x]), model.dispose(), loaded.dispose();
});
