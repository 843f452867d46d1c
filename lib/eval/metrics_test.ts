import assert from "node:assert/strict";
import { argmaxRows, classificationReport, confusionMatrix, normaliseRows } from "./metrics.ts";

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

Deno.test("classificationReport() matches a hand-worked example with a never-predicted class and an empty class", () => {
  // Classes a, b, c, d. True: a a a b b c c c c. Predicted: a a b b a a c c a. d has no samples, nothing is predicted d.
  const t = [0, 0, 0, 1, 1, 2, 2, 2, 2], p = [0, 0, 1, 1, 0, 0, 2, 2, 0];
  const cm = confusionMatrix(t, p, 4);
  assert.deepEqual(cm, [[2, 1, 0, 0], [1, 1, 0, 0], [2, 0, 2, 0], [0, 0, 0, 0]]);
  const r = classificationReport(cm, ["a", "b", "c", "d"]);
  // a: predicted 5 times, 2 right → P 2/5; 3 true → R 2/3; F1 = 2·(2/5)(2/3)/(2/5 + 2/3) = 1/2.
  assert.ok(close(r.perClass[0].precision, 0.4) && close(r.perClass[0].recall, 2 / 3) && close(r.perClass[0].f1, 0.5));
  // b: P 1/2, R 1/2, F1 1/2. c: P 1, R 1/2, F1 2/3. d: no samples and never predicted → all 0 (zero_division=0).
  assert.ok(close(r.perClass[1].f1, 0.5) && close(r.perClass[2].precision, 1) && close(r.perClass[2].f1, 2 / 3));
  assert.deepEqual(r.perClass[3], { precision: 0, recall: 0, f1: 0, support: 0 });
  assert.ok(close(r.accuracy, 5 / 9));
  // Macro over all 4 classes, including the empty one.
  assert.ok(close(r.macro.precision, (0.4 + 0.5 + 1 + 0) / 4));
  assert.ok(close(r.macro.f1, (0.5 + 0.5 + 2 / 3) / 4));
  // Weighted by support 3, 2, 4, 0.
  assert.ok(close(r.weighted.recall, (3 * (2 / 3) + 2 * 0.5 + 4 * 0.5) / 9));
  assert.equal(r.weighted.support, 9);
});

Deno.test("normaliseRows() gives percentages per true class; argmaxRows() picks the first maximum", () => {
  assert.deepEqual(normaliseRows([[1, 3], [0, 0]]), [[25, 75], [0, 0]]);
  assert.deepEqual([...argmaxRows([0.1, 0.9, 0.5, 0.5], 2)], [1, 0]);
  assert.throws(() => confusionMatrix([0, 5], [0, 1], 2), /outside \[0, 2\)/);
});
