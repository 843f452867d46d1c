import assert from "node:assert/strict";
import { frameMeans, matmul, matmulFrames, transpose } from "./matrix.ts";

const m = (rows: number, cols: number, values: number[]) => ({ rows, cols, data: Float64Array.from(values) });

Deno.test("transpose() swaps rows and columns, also past its 16-row blocks", () => {
  assert.deepEqual(transpose(m(2, 3, [1, 2, 3, 4, 5, 6])), m(3, 2, [1, 4, 2, 5, 3, 6]));
  const big = m(37, 5, Array.from({ length: 185 }, (_, i) => i));
  const t = transpose(big);
  for (let r = 0; r < 37; r++) for (let c = 0; c < 5; c++) assert.equal(t.data[c * 37 + r], big.data[r * 5 + c]);
  assert.deepEqual(transpose(t), big);
});

Deno.test("matmul() and matmulFrames() give the hand-worked product, bit for bit alike", () => {
  const a = m(2, 3, [1, 0, 2, -1, 3, 0]);
  const s = m(3, 2, [1, 2, 3, 4, 5, 6]); // [bins][frames]
  // [1·1 + 2·5, 1·2 + 2·6; −1·1 + 3·3, −1·2 + 3·4]
  assert.deepEqual(matmul(a, s), m(2, 2, [11, 14, 8, 10]));
  assert.deepEqual(matmulFrames(a, transpose(s)), m(2, 2, [11, 14, 8, 10]));
  const rand = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  const A = m(12, 40, rand(480)), S = m(40, 9, rand(360).map(Math.abs));
  assert.deepEqual(matmulFrames(A, transpose(S), { minWeight: 0.01 }), matmul(A, S, { minWeight: 0.01 }));
  assert.throws(() => matmulFrames(a, m(2, 2, [1, 2, 3, 4])), /shape mismatch: \[2, 3\] · \[2, 2\]/);
});

Deno.test("frameMeans() averages each row", () => {
  assert.deepEqual(frameMeans(m(2, 2, [1, 3, -2, 6])), Float64Array.from([2, 2]));
});
