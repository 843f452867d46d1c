import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend.ts";
import { fitSvc, scaleGamma } from "./support_vector_classifier.ts";
import { SVM_WASM_SOURCE_SHA256 } from "./_svm_wasm_binding.ts";
import { buildRbfSvm } from "../networks/rbf_svm.ts";

const ref = JSON.parse(await Deno.readTextFile(new URL("../../../tests/fixtures/svm_reference.json", import.meta.url)));
const f32 = (b64: string) => {
  const b = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Float32Array(b.buffer);
};
const dim: number = ref.dim, K: number = ref.classes.length;
const train = { x: f32(ref.train.x), y: Int32Array.from(ref.train.y as number[]) };
const test = { x: f32(ref.test.x), y: ref.test.y as number[] };

Deno.test("the libsvm WebAssembly module was built from the committed glue", async () => {
  const src = await Deno.readFile(new URL("./_svm_wasm_glue.cpp", import.meta.url));
  assert.equal(SVM_WASM_SOURCE_SHA256, createHash("sha256").update(src).digest("hex"));
});

Deno.test("fitSvc() = scikit-learn's SVC() on 360 real RAVDESS clips (676 pooled features): the same model", async (t) => {
  const fit = fitSvc(train.x, train.y, { dim, classes: K });
  await t.step(`gamma="scale" is scikit-learn's (${ref.gamma.toExponential(3)})`, () => {
    assert.ok(Math.abs(fit.gamma / ref.gamma - 1) < 1e-6, `${fit.gamma} vs ${ref.gamma}`);
    assert.ok(Math.abs(scaleGamma(train.x, dim) / ref.gamma - 1) < 1e-6);
  });
  await t.step(`the same ${ref.support.length} support vectors`, () => {
    assert.deepEqual(
      [...fit.supportRows].sort((a, b) => a - b),
      [...ref.support].sort((a: number, b: number) => a - b),
    );
  });
  await t.step("the same dual coefficients and intercepts (within 1e-6 of their scale)", () => {
    const pos = new Map<number, number>((ref.support as number[]).map((r, s) => [r, s]));
    const classOf = (r: number) => train.y[r];
    const P = fit.pairs.length;
    let gap = 0, scale = 0;
    fit.pairs.forEach(([i, j], p) => {
      const pRef = pairIndex(i, j, K);
      const sign = i < j ? 1 : -1; // scikit-learn's pairs are (i < j), in order; intercept = −ρ
      gap = Math.max(gap, Math.abs(sign * -fit.rho[p] - ref.intercept[pRef]));
      fit.supportRows.forEach((r, s) => {
        const c = classOf(r);
        if (c !== i && c !== j) return assert.equal(fit.coef[s * P + p], 0);
        const row = c === Math.min(i, j) ? Math.max(i, j) - 1 : Math.min(i, j);
        const expected = ref.dual_coef[row][pos.get(r)!];
        scale = Math.max(scale, Math.abs(expected));
        gap = Math.max(gap, Math.abs(sign * fit.coef[s * P + p] - expected));
      });
    });
    assert.ok(gap < 1e-6 * Math.max(1, scale), `largest gap ${gap}`);
  });
  await t.step(
    "as a network: scikit-learn's predictions (break_ties) and decision values on 120 held-out clips",
    async () => {
      await initBackend();
      const l = fit.supportRows.length, sv = new Float32Array(l * dim);
      fit.supportRows.forEach((r, s) => sv.set(train.x.subarray(r * dim, (r + 1) * dim), s * dim));
      const model = buildRbfSvm(dim, K, {
        gamma: fit.gamma,
        supportVectors: sv,
        pairs: fit.pairs,
        coef: Float32Array.from(fit.coef),
        rho: Float32Array.from(fit.rho),
      });
      const out = tf.tidy(() => (model.predict(tf.tensor2d(test.x, [test.y.length, dim])) as tf.Tensor).dataSync());
      model.dispose();
      let same = 0, gap = 0;
      for (let n = 0; n < test.y.length; n++) {
        const p = Array.from(out.subarray(n * K, (n + 1) * K));
        if (p.indexOf(Math.max(...p)) === ref.predicted[n]) same++;
        // log p_k − mean(log p) = ovr_k − mean(ovr): compare the decision values up to their mean.
        const lp = p.map(Math.log), d = ref.decision[n] as number[];
        const ml = lp.reduce((a, b) => a + b) / K, md = d.reduce((a, b) => a + b) / K;
        for (let k = 0; k < K; k++) gap = Math.max(gap, Math.abs(lp[k] - ml - (d[k] - md)));
      }
      assert.equal(same, test.y.length, `${same} of ${test.y.length} the same`);
      assert.ok(gap < 1e-4, `largest decision gap ${gap}`);
    },
  );
});

/** scikit-learn's index of pair (min, max) among pairs (i < j) in order. */
function pairIndex(i: number, j: number, k: number): number {
  const [a, b] = i < j ? [i, j] : [j, i];
  let p = 0;
  for (let x = 0; x < a; x++) p += k - 1 - x;
  return p + (b - a - 1);
}
