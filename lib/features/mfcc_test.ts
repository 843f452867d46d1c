import assert from "node:assert/strict";
import { dctOrtho, mfcc } from "./mfcc.ts";
import { powerToDb } from "./power_to_db.ts";

Deno.test("powerToDb() is 10 log10(max(amin, S) / ref), clipped 80 dB below the maximum", () => {
  const m = (d: number[]) => ({ rows: 1, cols: d.length, data: Float64Array.from(d) });
  assert.deepEqual([...powerToDb(m([1, 100, 0.01])).data].map((v) => +v.toFixed(9)), [0, 20, -20]);
  assert.deepEqual([...powerToDb(m([1, 0])).data], [0, -80]);
  assert.deepEqual([...powerToDb(m([1, 0]), { topDb: null }).data], [0, -100]);
  assert.deepEqual([...powerToDb(m([10]), { ref: 10 }).data], [0]);
  assert.throws(() => powerToDb(m([1]), { amin: 0 }), /`amin` must be strictly positive: received 0/);
});

Deno.test("dctOrtho() is scipy's orthonormal DCT-II", () => {
  // A constant column c over N rows has X0 = c√N and nothing else.
  const X = dctOrtho({ rows: 4, cols: 1, data: Float64Array.from([3, 3, 3, 3]) });
  assert.ok(Math.abs(X.data[0] - 6) < 1e-12);
  for (let k = 1; k < 4; k++) assert.ok(Math.abs(X.data[k]) < 1e-12);
  // x = [1, 0]: X0 = 1/√2, X1 = √(2/2)·cos(π/4) = 1/√2.
  const Y = dctOrtho({ rows: 2, cols: 1, data: Float64Array.from([1, 0]) });
  assert.ok(Math.abs(Y.data[0] - Math.SQRT1_2) < 1e-12 && Math.abs(Y.data[1] - Math.SQRT1_2) < 1e-12);
});

Deno.test("mfcc() of digital silence: c0 = −100 · √128, the rest 0", () => {
  const C = mfcc(new Float32Array(4096), 22050, { nMfcc: 40 });
  assert.equal(C.rows, 40);
  for (let t = 0; t < C.cols; t++) {
    assert.ok(Math.abs(C.data[t] - -100 * Math.sqrt(128)) < 1e-9);
    for (let k = 1; k < 40; k++) assert.ok(Math.abs(C.data[k * C.cols + t]) < 1e-9);
  }
  assert.throws(
    () => mfcc(new Float32Array(4096), 22050, { nMfcc: 200 }),
    /`nMfcc` must be an integer in \[1, 128\]: received 200/,
  );
});
