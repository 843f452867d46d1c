import assert from "node:assert/strict";
import { pca } from "./pca.ts";

Deno.test("pca() on hand-worked points: variances 2 and 0.5 along the axes", () => {
  // (2, 0), (−2, 0), (0, 1), (0, −1): the covariance is diag(2, 0.5), total 2.5.
  const r = pca(Float32Array.of(2, 0, -2, 0, 0, 1, 0, -1), 2, { standardise: false });
  assert.ok(Math.abs(r.explainedVarianceRatio[0] - 0.8) < 1e-9, `${r.explainedVarianceRatio}`);
  assert.ok(Math.abs(r.explainedVarianceRatio[1] - 0.2) < 1e-9);
  assert.ok(Math.abs(Math.abs(r.components[0]) - 1) < 1e-6 && Math.abs(r.components[1]) < 1e-6);
  assert.deepEqual(Array.from(r.scores, (s) => Math.round(s * 1e4) / 1e4 + 0), [2, 0, -2, 0, 0, 1, 0, -1]);
});

Deno.test("pca() finds a tilted line, fixes the sign, and standardises by default", () => {
  // Points on the direction (1, 2) with a little orthogonal wobble.
  const pts: number[] = [];
  for (let i = -10; i <= 10; i++) pts.push(i + 0.05 * (i % 2 ? 2 : -2), 2 * i - 0.05 * (i % 2 ? 1 : -1));
  const raw = pca(Float32Array.from(pts), 2, { standardise: false, components: 1 });
  const [a, b] = raw.components;
  assert.ok(Math.abs(a - 1 / Math.sqrt(5)) < 1e-3 && Math.abs(b - 2 / Math.sqrt(5)) < 1e-3, `${a}, ${b}`);
  assert.ok(raw.explainedVarianceRatio[0] > 0.999);
  // Standardised, both columns have unit variance: the direction becomes the diagonal.
  const std = pca(Float32Array.from(pts), 2, { components: 1 });
  assert.ok(Math.abs(std.components[0] - Math.SQRT1_2) < 1e-3);
});

Deno.test("pca() refuses too few rows and too many components, naming them", () => {
  assert.throws(() => pca(Float32Array.of(1, 2), 2), /at least 2 rows of 2 features: received 2 values/);
  assert.throws(() => pca(Float32Array.of(1, 2, 3, 4), 2, { components: 3 }), /`components`.*1 … 2: received 3/);
});
