import assert from "node:assert/strict";
import { initBackend } from "../engine/backend.ts";
import { LOGREG } from "./logreg.ts";

/** scikit-learn's LogisticRegression() on fixed standardised data (tools/logreg_reference.py). */
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../../../tests/fixtures/logreg_reference.json", import.meta.url)),
) as { dim: number; classes: number; x: number[]; y: number[]; proba: number[][] };

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
