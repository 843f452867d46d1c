import assert from "node:assert/strict";
import { frameMeans, matmul, transpose, weightFloor } from "./matrix.ts";

const m = (rows: number, cols: number, values: number[]) => ({ rows, cols, data: Float64Array.from(values) });

Deno.test("transpose() swaps rows and columns, also past its 16-row blocks", () => {
  assert.deepEqual(transpose(m(2, 3, [1, 2, 3, 4, 5, 6])), m(3, 2, [1, 4, 2, 5, 3, 6]));
  const big = m(37, 5, Array.from({ length: 185 }, (_, i) => i));
  const t = transpose(big);
  for (let r = 0; r < 37; r++) for (let c = 0; c < 5; c++) assert.equal(t.data[c * 37 + r], big.data[r * 5 + c]);
  assert.deepEqual(transpose(t), big);
});

Deno.test("matmul() gives the hand-worked product and skips weights below minWeight × max|A|", () => {
  const a = m(2, 3, [1, 0, 2, -1, 3, 0]);
  const s = m(3, 2, [1, 2, 3, 4, 5, 6]);
  // [1·1 + 2·5, 1·2 + 2·6; −1·1 + 3·3, −1·2 + 3·4]
  assert.deepEqual(matmul(a, s), m(2, 2, [11, 14, 8, 10]));
  // With minWeight 0.5, |w| < 1.5 is skipped: only the 2 and the 3 remain.
  assert.deepEqual(matmul(a, s, { minWeight: 0.5 }), m(2, 2, [10, 12, 9, 12]));
  assert.throws(() => matmul(a, m(2, 2, [1, 2, 3, 4])), /shape mismatch: \[2, 3\] · \[2, 2\]/);
});

Deno.test("frameMeans() averages each row", () => {
  assert.deepEqual(frameMeans(m(2, 2, [1, 3, -2, 6])), Float64Array.from([2, 2]));
});

Deno.test("weightFloor() is minWeight × max|A|, or 0 without minWeight", () => {
  assert.equal(weightFloor(m(1, 2, [-4, 1]), 0.5), 2);
  assert.equal(weightFloor(m(1, 2, [-4, 1])), 0);
});
