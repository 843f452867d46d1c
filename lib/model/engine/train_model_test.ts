import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend.ts";
import { buildBlockMlp } from "../networks/mlp.ts";
import { withSeededRandom } from "./seeded_random.ts";
import { trainModel } from "./train_model.ts";

await initBackend();

// 60 rows of 6 features: the label is the sign of feature 0; the domain (3 of them) shifts features 1–5.
const n = 60, dim = 6;
const x = Float32Array.from({ length: n * dim }, (_, i) => {
  const r = Math.floor(i / dim), f = i % dim;
  return f === 0 ? (r % 2 ? 1 : -1) * (0.5 + (r % 7) / 7) : (r % 3) - 1 + ((r * f) % 5) / 10;
});
const y = Int32Array.from({ length: n }, (_, r) => r % 2);
const domains = Int32Array.from({ length: n }, (_, r) => r % 3);
const none = { x: new Float32Array(0), y: new Int32Array(0) };

Deno.test("trainModel() with an adversary: seeded, the model keeps its own weights only, and it still learns the labels", async () => {
  const run = () =>
    withSeededRandom(4, async () => {
      const model = buildBlockMlp(dim, 2, { units: 16 });
      await trainModel(model, { x, y }, none, {
        epochs: 30,
        batchSize: 8,
        adversary: { domains, count: 3, weight: 1 },
      });
      return model;
    });
  const [a, b] = [await run(), await run()];
  assert.equal(
    a.getWeights().length,
    (await withSeededRandom(4, () => buildBlockMlp(dim, 2, { units: 16 }))).getWeights().length,
  );
  a.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), b.getWeights()[i].dataSync(), `weight ${i}`));
  const p = (a.predict(tf.tensor2d(x, [n, dim])) as tf.Tensor).argMax(-1).dataSync();
  assert.ok(p.filter((c, r) => c === y[r]).length >= 0.9 * n, "the labels are learnt");
});

Deno.test("trainModel() refuses an adversary it cannot train: a network outside the fused pattern, or bad domains", async () => {
  const other = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [dim], activation: "softmax" })] });
  const other2 = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [dim], activation: "tanh" }),
      tf.layers.dense({ units: 2, activation: "softmax" }),
    ],
  });
  await assert.rejects(
    () => trainModel(other2, { x, y }, none, { epochs: 1, adversary: { domains, count: 3, weight: 1 } }),
    /Dense\(ReLU\)/,
  );
  await assert.rejects(
    () => trainModel(other, { x, y }, none, { epochs: 1, adversary: { domains, count: 3, weight: 1 } }),
    /hidden block/,
  );
  const model = buildBlockMlp(dim, 2, { units: 8 });
  await assert.rejects(
    () =>
      trainModel(model, { x, y }, none, {
        epochs: 1,
        adversary: { domains: domains.subarray(1), count: 3, weight: 1 },
      }),
    /59 domain labels for 60 rows/,
  );
  await assert.rejects(
    () => trainModel(model, { x, y }, none, { epochs: 1, adversary: { domains, count: 2, weight: 1 } }),
    /domain 2 outside 0 … 1/,
  );
  await assert.rejects(
    () => trainModel(model, { x, y }, none, { epochs: 1, adversary: { domains, count: 3, weight: -1 } }),
    /weight/,
  );
});
