import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend.ts";
import { stockKernel } from "./_wasm_kernels.ts";

await initBackend();

/** Run the stock kernel directly on tensors and read the result. */
function stock(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): Float32Array {
  const backend = tf.backend();
  const out = stockKernel(name)!({ inputs, backend, attrs });
  const data = (backend as unknown as { readSync(id: unknown): Float32Array }).readSync(out.dataId);
  (backend as unknown as { disposeData(id: unknown): void }).disposeData(out.dataId);
  return data;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0, scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / Math.max(scale, 1e-30);
}

Deno.test("overridden BatchMatMul equals the stock kernel for every transpose combination", async (t) => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[32, 195], [195, 512], false, false],
    [[32, 512], [32, 256], true, false], // dW = Xᵀ·dY
    [[32, 256], [512, 256], false, true], // dX = dY·Wᵀ, large B: computed as (B·Aᵀ)ᵀ
    [[6, 4], [5, 4], false, true], // small B: explicit transpose of B
    [[7, 3], [5, 7], true, true],
    [[2, 7, 3], [2, 5, 7], true, true], // batched
  ];
  for (const [sa, sb, ta, tb] of cases) {
    await t.step(`${JSON.stringify(sa)}${ta ? "ᵀ" : ""} · ${JSON.stringify(sb)}${tb ? "ᵀ" : ""}`, () => {
      const a = tf.randomNormal(sa, 0, 1, "float32", 1), b = tf.randomNormal(sb, 0, 1, "float32", 2);
      const ours = tf.matMul(a, b, ta, tb).dataSync();
      const ref = stock("BatchMatMul", { a, b }, {
        transposeA: ta,
        transposeB: tb,
        bias: undefined,
        activation: undefined,
      });
      assert.equal(ours.length, ref.length);
      assert.ok(maxRelDiff(ours, ref) < 1e-5, `relative difference ${maxRelDiff(ours, ref)}`);
      tf.dispose([a, b]);
    });
  }
});

Deno.test("overridden Tile equals the stock kernel, and other tilings fall through to it", async (t) => {
  for (
    const [shape, reps] of [[[1, 1, 1, 64], [1, 1, 32, 1]], [[1, 8], [5, 1]], [[2, 3], [1, 4]], [[2, 3], [2, 2]]] as [
      number[],
      number[],
    ][]
  ) {
    await t.step(`${JSON.stringify(shape)} × ${JSON.stringify(reps)}`, () => {
      const x = tf.randomNormal(shape, 0, 1, "float32", 3);
      assert.deepEqual(tf.tile(x, reps).dataSync(), stock("Tile", { x }, { reps }));
      x.dispose();
    });
  }
});

Deno.test("_FusedMatMul with transposeB and a bias: the path Dense layers never take stays correct through tf.matMul + add", () => {
  // The stock wasm _FusedMatMul returns wrong values for transposeB with a bias; guard that our code paths avoid it:
  // a Dense layer's output must equal x·W + b computed with plain ops.
  const layer = tf.layers.dense({ units: 5, inputShape: [3], useBias: true, biasInitializer: "ones" });
  const model = tf.sequential({ layers: [layer] });
  const x = tf.randomNormal([4, 3], 0, 1, "float32", 4);
  const [w, b] = layer.getWeights();
  const expected = tf.add(tf.matMul(x, w), b).dataSync();
  assert.ok(maxRelDiff((model.predict(x) as tf.Tensor).dataSync(), expected) < 1e-6);
  // And the transposed-weight form we would use for A·Bᵀ + bias is computed correctly by our BatchMatMul.
  const wt = tf.transpose(w);
  assert.ok(maxRelDiff(tf.add(tf.matMul(x, wt, false, true), b).dataSync(), expected) < 1e-6);
});
