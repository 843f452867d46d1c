import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend.ts";
import { buildOriginalMlp } from "../networks/mlp.ts";
import { withSeededRandom } from "./seeded_random.ts";
import { FusedMlpTrainer, isFusableMlp } from "./_fused_mlp.ts";
import { SOURCE_SHA256 } from "./_mlp_kernels.ts";

await initBackend();

/** The seed's layer pattern with dropout rate 0, so that tfjs's own training-mode pass is deterministic. */
function noDropoutMlp(inputDim: number, classes: number, widths = [24, 16]): tf.Sequential {
  const m = tf.sequential();
  widths.map((w) => [w, 0]).forEach(([units, rate], i) => {
    m.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [inputDim] } : {}) }));
    m.add(tf.layers.dropout({ rate }));
    m.add(tf.layers.batchNormalization());
  });
  m.add(tf.layers.dense({ units: classes, activation: "softmax" }));
  return m;
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

Deno.test("the embedded training kernels were built from the C source in the repository (else: deno task build-simd)", async () => {
  const source = await Deno.readFile(new URL("./_mlp_kernels.c", import.meta.url));
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", source)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(SOURCE_SHA256, hex);
});

Deno.test("isFusableMlp() accepts the seed's network and rejects other shapes", () => {
  assert.ok(isFusableMlp(buildOriginalMlp()));
  const other = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: "softmax" })] });
  assert.ok(isFusableMlp(other)); // zero blocks + a softmax head is still the pattern
  const tanh = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], activation: "tanh" }),
      tf.layers.dense({ units: 2, activation: "softmax" }),
    ],
  });
  assert.ok(!isFusableMlp(tanh));
});

/** The fused step's loss and gradients against `tf.variableGrads` on the same model and batch. */
function checkGradients(model: tf.Sequential, B: number, inputDim: number, classes: number): void {
  const x = tf.randomNormal([B, inputDim], 0, 1, "float32", 7);
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 3) % classes);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), classes);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const p = model.apply(x, { training: true }) as tf.Tensor;
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1)));
  }, vars);
  const trainer = new FusedMlpTrainer(model);
  const ours = trainer.step(x.dataSync() as Float32Array, labels, B, 1e-3, { apply: false });
  assert.ok(Math.abs(ours.loss - value.dataSync()[0]) < 1e-5, `loss ${ours.loss} vs ${value.dataSync()[0]}`);
  assert.equal(ours.grads.length, vars.length);
  vars.forEach((v, i) => {
    const e = relErr(ours.grads[i], grads[v.name].dataSync());
    assert.ok(e < 1e-4, `${v.name}: relative error ${e}`);
  });
  trainer.dispose();
}

Deno.test("the fused step's gradients and loss equal tf.variableGrads on the layers model", async () => {
  // Widths that are not multiples of the kernels' 4 × 8 tiles, and an odd batch: every remainder path runs.
  checkGradients(await withSeededRandom(11, () => noDropoutMlp(10, 5)), 16, 10, 5);
  checkGradients(await withSeededRandom(12, () => noDropoutMlp(7, 3, [13, 6])), 7, 7, 3);
});

Deno.test("at the seed's own sizes (195 → 512 → 256 → 128 → 64 → 8, batch 32) the gradients equal tf.variableGrads", async () => {
  checkGradients(await withSeededRandom(5, () => noDropoutMlp(195, 8, [512, 256, 128, 64])), 32, 195, 8);
});

Deno.test("the fused step updates BatchNorm moving statistics as tfjs-layers does", async () => {
  const a = await withSeededRandom(3, () => noDropoutMlp(6, 3)),
    b = await withSeededRandom(3, () => noDropoutMlp(6, 3));
  const x = tf.randomNormal([8, 6], 0, 1, "float32", 5);
  (a.apply(x, { training: true }) as tf.Tensor).dispose();
  const trainer = new FusedMlpTrainer(b);
  trainer.step(x.dataSync() as Float32Array, new Int32Array(8), 8, 1e-3, { apply: false });
  trainer.sync();
  const moving = (m: tf.Sequential) =>
    m.weights.filter((w) => /moving/.test(w.name)).map((w) => (w.read() as tf.Tensor).dataSync());
  moving(a).forEach((ref, i) => assert.ok(relErr(moving(b)[i], ref) < 1e-5, `moving statistic ${i}`));
  trainer.dispose();
});

Deno.test("dropout keeps about 1 − rate of the units and scales them by 1 / (1 − rate)", async () => {
  // With a constant input and dropout 0.5, the first block's pre-BatchNorm activations are either 0 or 2× the ReLU.
  const model = await withSeededRandom(2, () => buildOriginalMlp({ inputDim: 4, numClasses: 2 }));
  const trainer = new FusedMlpTrainer(model);
  const before = model.getWeights().map((w) => w.dataSync().slice());
  await withSeededRandom(9, () => trainer.step(new Float32Array(64 * 4).fill(0.5), new Int32Array(64), 64, 1e-3));
  trainer.sync();
  const after = model.getWeights().map((w) => w.dataSync());
  assert.ok(after.some((w, i) => relErr(w, before[i]) > 0), "a step changes the weights after sync()");
  trainer.dispose();
});

Deno.test("with an adversary, the network's gradients are the emotion loss's less λ times the adversary's, and the head's are its own loss's", async () => {
  const [B, inputDim, classes, domains, hidden, lambda] = [9, 10, 5, 4, 6, 0.7];
  const model = await withSeededRandom(13, () => noDropoutMlp(inputDim, classes, [12, 11]));
  const trainer = await withSeededRandom(14, () => new FusedMlpTrainer(model, { adversary: { domains, hidden } }));
  const x = tf.randomNormal([B, inputDim], 0, 1, "float32", 8);
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 2) % classes);
  const dom = Int32Array.from({ length: B }, (_, i) => (i * 3) % domains);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const head = trainer.parameters().slice(vars.length).map((v, i) =>
    tf.variable(tf.tensor(v, [[11, hidden], [hidden], [hidden, domains], [domains]][i]))
  );
  const ce = (p: tf.Tensor, y: Int32Array, n: number): tf.Scalar =>
    tf.neg(
      tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(y, "int32"), n), tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1)),
    );
  const hiddenOut = () => model.layers.slice(0, -1).reduce((h, l) => l.apply(h, { training: true }) as tf.Tensor, x);
  const adversary = (h: tf.Tensor) =>
    ce(tf.softmax(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h, head[0]), head[1])), head[2]), head[3])), dom, domains);
  const net = tf.variableGrads(
    () =>
      tf.sub(
        ce(model.apply(x, { training: true }) as tf.Tensor, labels, classes),
        tf.mul(lambda, adversary(hiddenOut())),
      ) as tf.Scalar,
    vars,
  );
  const own = tf.variableGrads(() => adversary(hiddenOut()), head);
  const ours = trainer.step(x.dataSync() as Float32Array, labels, B, 1e-3, { apply: false, domains: dom, lambda });
  assert.equal(ours.grads.length, vars.length + 4);
  vars.forEach((v, i) => {
    const e = relErr(ours.grads[i], net.grads[v.name].dataSync());
    assert.ok(e < 1e-4, `${v.name}: relative error ${e}`);
  });
  head.forEach((v, i) => {
    const e = relErr(ours.grads[vars.length + i], own.grads[v.name].dataSync());
    assert.ok(e < 1e-4, `adversary parameter ${i}: relative error ${e}`);
  });
  assert.throws(() => trainer.step(x.dataSync() as Float32Array, labels, B, 1e-3), /domain/);
  trainer.dispose();
});
