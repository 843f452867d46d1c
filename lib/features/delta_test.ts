import assert from "node:assert/strict";
import { delta } from "./delta.ts";
import type { Matrix } from "./matrix.ts";

/** librosa 0.10.2's `feature.delta` of the matrix below (tools/pooled_features_reference.py). */
const REF: { delta: Record<string, number[][]> } = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/fixtures/librosa/pooled_reference.json", import.meta.url)),
);

/** x[r, t] = sin(0.3 t (r + 1)) + 0.01 t² (r − 1), 3 × 40: oscillating rows with a curvature of each sign. */
const M: Matrix = { rows: 3, cols: 40, data: new Float64Array(120) };
for (let r = 0; r < 3; r++) {
  for (let t = 0; t < 40; t++) M.data[r * 40 + t] = Math.sin(0.3 * t * (r + 1)) + 0.01 * t * t * (r - 1);
}

Deno.test("delta() equals librosa.feature.delta (mode interp) for widths 5 and 9, orders 1 and 2, edges included", () => {
  for (const [key, ref] of Object.entries(REF.delta)) {
    const [width, order] = key.split("_").map(Number);
    const d = delta(M, { width, order: order as 1 | 2 });
    let worst = 0;
    ref.forEach((row, r) => row.forEach((v, t) => (worst = Math.max(worst, Math.abs(d.data[r * 40 + t] - v)))));
    assert.ok(worst < 1e-12, `width ${width} order ${order}: largest gap ${worst}`);
  }
});

Deno.test("delta() by hand: a line's slope is its slope everywhere, a parabola's second delta is 2a", () => {
  const line: Matrix = { rows: 1, cols: 12, data: Float64Array.from({ length: 12 }, (_, t) => 3 * t - 1) };
  assert.ok(delta(line, { width: 5 }).data.every((v) => Math.abs(v - 3) < 1e-12));
  const parabola: Matrix = { rows: 1, cols: 12, data: Float64Array.from({ length: 12 }, (_, t) => 0.5 * t * t) };
  assert.ok(delta(parabola, { width: 5, order: 2 }).data.every((v) => Math.abs(v - 1) < 1e-12));
});

Deno.test("delta() refuses an even width, an order other than 1 or 2, and fewer frames than the width", () => {
  assert.throws(() => delta(M, { width: 4 }), RangeError);
  assert.throws(() => delta(M, { order: 3 as 1 }), RangeError);
  assert.throws(() => delta({ rows: 1, cols: 5, data: new Float64Array(5) }, { width: 9 }), RangeError);
});
