import assert from "node:assert/strict";
import { initBackend } from "../engine/backend.ts";
import { balancedWeights, LOGREG } from "./logreg.ts";

/** scikit-learn's LogisticRegression() on fixed standardised data (tools/logreg_reference.py). */
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../../../tests/fixtures/logreg_reference.json", import.meta.url)),
) as {
  dim: number;
  classes: number;
  x: number[];
  y: number[];
  proba: number[][];
  balanced_rows: number[];
  balanced_proba: number[][];
};

Deno.test("the logreg family predicts scikit-learn's probabilities through its scaler and softmax layer", async () => {
  await initBackend();
  const n = REF.y.length, x = Float32Array.from(REF.x);
  const data = {
    x,
    dim: REF.dim,
    y: Int32Array.from(REF.y),
    classes: Array.from({ length: REF.classes }, (_, k) => `c${k}`),
    speakers: REF.y.map((_, i) => `s${i % 10}`),
    genders: REF.y.map(() => "unknown"),
    seconds: new Float64Array(n).fill(3),
  };
  const rows = Array.from({ length: n }, (_, i) => i);
  const fitted = await LOGREG.fit(data, rows, [], { seed: 1, modes: ["global"], gender: false });
  try {
    const p = LOGREG.predict(fitted, x, "global").probabilities;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < REF.classes; k++) {
        worst = Math.max(worst, Math.abs(p[i * REF.classes + k] - REF.proba[i][k]));
      }
    }
    // The data is standardised already, so the family's scaler is the identity up to float32 rounding.
    assert.ok(worst < 1e-4, `largest probability gap ${worst}`);
    assert.equal(LOGREG.earlyStopping, false, "a solver has nothing to stop early on");
  } finally {
    LOGREG.dispose(fitted);
  }
});

Deno.test("balanced class weights equal scikit-learn's class_weight='balanced'; networks refuse weights by name", async () => {
  await initBackend();
  const rows = REF.balanced_rows, n = rows.length, dim = REF.dim;
  const x = new Float32Array(n * dim);
  rows.forEach((r, i) => x.set(Float32Array.from(REF.x.slice(r * dim, (r + 1) * dim)), i * dim));
  const y = Int32Array.from(rows, (r) => REF.y[r]);
  // n / (K · n_label): with 4 labels, a label of n/4 rows weighs 1.
  const w = balancedWeights(y, REF.classes);
  const total = new Map<number, number>();
  y.forEach((c, i) => total.set(c, (total.get(c) ?? 0) + w[i]));
  for (const v of total.values()) assert.ok(Math.abs(v - n / REF.classes) < 1e-9, "each label's weights sum to n / K");
  const data = {
    x,
    dim,
    y,
    classes: Array.from({ length: REF.classes }, (_, k) => `c${k}`),
    speakers: rows.map((_, i) => `s${i % 10}`),
    genders: rows.map(() => "unknown"),
    seconds: new Float64Array(n).fill(3),
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const fitted = await LOGREG.fit(data, all, [], { seed: 1, modes: ["global"], gender: false, balance: "weights" });
  try {
    const p = LOGREG.predict(fitted, x, "global").probabilities;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < REF.classes; k++) {
        worst = Math.max(worst, Math.abs(p[i * REF.classes + k] - REF.balanced_proba[i][k]));
      }
    }
    // The subset is standardised with the whole set's statistics, so the family's own scaler moves it slightly:
    // compared at 1e-2 here; fitLogisticRegression itself is held to 1e-4 above.
    assert.ok(worst < 2e-2, `largest probability gap ${worst}`);
  } finally {
    LOGREG.dispose(fitted);
  }
  const { POOLED_MLP } = await import("./pooled_mlp.ts");
  await assert.rejects(
    () => POOLED_MLP.fit(data, all, [], { seed: 1, modes: ["global"], gender: false, balance: "weights" }),
    /pooled-mlp cannot take class weights .*--balance oversample/,
  );
});
