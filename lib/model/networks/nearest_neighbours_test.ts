import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../engine/backend.ts";
import { buildNearestNeighbours } from "./nearest_neighbours.ts";

Deno.test("NearestNeighbours: each class's share of the k nearest rows, worked by hand", async () => {
  await initBackend();
  // Six rows on a line: class 0 at 0, 1, 2; class 1 at 10, 11; class 2 at 20.
  const x = Float32Array.of(0, 1, 2, 10, 11, 20), y = Int32Array.of(0, 0, 0, 1, 1, 2);
  const model = buildNearestNeighbours(1, 3, { x, y, k: 3 });
  const out = tf.tidy(() => (model.predict(tf.tensor2d([0.4, 9, 19], [3, 1])) as tf.Tensor).arraySync()) as number[][];
  // 0.4 → 0, 1, 2: all class 0. 9 → 10, 11, 2: two of class 1, one of class 0. 19 → 20, 11, 10: one 2, two 1.
  const expected = [[1, 0, 0], [1 / 3, 2 / 3, 0], [0, 2 / 3, 1 / 3]];
  out.forEach((row, i) => row.forEach((p, c) => assert.ok(Math.abs(p - expected[i][c]) < 1e-6, `${i}: ${row}`)));
  model.dispose();
});
