import assert from "node:assert/strict";
import { fitLogisticRegression } from "./logistic_regression.ts";

/** scikit-learn 1.2's LogisticRegression() on fixed data (tools/logreg_reference.py): 400 rows, 12 features, 4 classes. */
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../../../tests/fixtures/logreg_reference.json", import.meta.url)),
) as {
  dim: number;
  classes: number;
  x: number[];
  y: number[];
  coef: number[][];
  intercept: number[];
  proba: number[][];
  accuracy: number;
  balanced_rows: number[];
  balanced_proba: number[][];
};

/** Softmax probabilities of row i. */
function proba(W: Float64Array, b: Float64Array, x: Float32Array, i: number, dim: number, K: number): number[] {
  const z = Array.from({ length: K }, (_, k) => {
    let s = b[k];
    for (let f = 0; f < dim; f++) s += x[i * dim + f] * W[f * K + k];
    return s;
  });
  const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), sum = e.reduce((a, c) => a + c, 0);
  return e.map((v) => v / sum);
}

Deno.test("fitLogisticRegression() finds scikit-learn's optimum: probabilities within 1e-4, the same accuracy", () => {
  const x = Float32Array.from(REF.x), y = Int32Array.from(REF.y), { dim, classes: K } = REF;
  const fit = fitLogisticRegression(x, y, { dim, classes: K });
  assert.ok(fit.converged, `${fit.iterations} iterations`);
  let worst = 0, right = 0;
  for (let i = 0; i < y.length; i++) {
    const p = proba(fit.W, fit.b, x, i, dim, K);
    p.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - REF.proba[i][k]))));
    right += p.indexOf(Math.max(...p)) === y[i] ? 1 : 0;
  }
  assert.ok(worst < 1e-4, `largest probability gap ${worst}`);
  assert.equal(right / y.length, REF.accuracy);
  // scikit-learn's multinomial coefficients are identified up to a shift per feature across classes; ours too, and
  // the L2 penalty picks the zero-mean one in both: the coefficients themselves agree.
  for (let f = 0; f < dim; f++) {
    for (let k = 0; k < K; k++) assert.ok(Math.abs(fit.W[f * K + k] - REF.coef[k][f]) < 1e-3);
  }
});

Deno.test("fitLogisticRegression() by hand: two separable points under a strong penalty, and bad input refused", () => {
  // One feature, x = ±1, y = 0/1, C = 0.01: the optimum is symmetric (b = 0, W[·,0] = −W[·,1]).
  const fit = fitLogisticRegression(Float32Array.of(-1, 1), Int32Array.of(0, 1), { dim: 1, C: 0.01 });
  assert.ok(Math.abs(fit.b[0] - fit.b[1]) < 1e-6 && Math.abs(fit.W[0] + fit.W[1]) < 1e-6);
  assert.ok(fit.W[1] > 0, "class 1 rises with x");
  assert.throws(() => fitLogisticRegression(Float32Array.of(1, 2, 3), Int32Array.of(0, 1), { dim: 2 }), RangeError);
  assert.throws(() => fitLogisticRegression(Float32Array.of(1, 2), Int32Array.of(0, 1), { dim: 1, C: 0 }), RangeError);
});

Deno.test("with n / (K · n_label) row weights it finds class_weight='balanced''s optimum (probabilities within 1e-4)", () => {
  const { dim, classes: K } = REF, rows = REF.balanced_rows;
  const x = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => x.set(REF.x.slice(r * dim, (r + 1) * dim), i * dim));
  const y = Int32Array.from(rows, (r) => REF.y[r]);
  const count = new Array<number>(K).fill(0);
  for (const c of y) count[c]++;
  const sampleWeight = Float64Array.from(y, (c) => y.length / (K * count[c]));
  const fit = fitLogisticRegression(x, y, { dim, classes: K, sampleWeight });
  let worst = 0;
  for (let i = 0; i < y.length; i++) {
    proba(fit.W, fit.b, x, i, dim, K).forEach((
      v,
      k,
    ) => (worst = Math.max(worst, Math.abs(v - REF.balanced_proba[i][k]))));
  }
  assert.ok(worst < 1e-4, `largest probability gap ${worst}`);
});
