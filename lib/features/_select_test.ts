import assert from "node:assert/strict";
import { median, percentileBySelection, select } from "./_select.ts";

Deno.test("median() and select() equal sorting, for odd and even sizes, ties, and sorted or reversed input", () => {
  let s = 99;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const cases: number[][] = [[7], [2, 1], [3, 1, 2], [5, 5, 1, 5], [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]];
  for (let n = 1; n < 60; n++) cases.push(Array.from({ length: n }, () => Math.floor(rand() * 10)));
  for (let n = 1000; n < 1003; n++) cases.push(Array.from({ length: n }, rand));
  for (const c of cases) {
    const sorted = [...c].sort((a, b) => a - b), h = c.length >> 1;
    const want = c.length % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    assert.equal(median(Float64Array.from(c)), want, `median of [${c.slice(0, 8)}…] (${c.length})`);
    const k = Math.floor(rand() * c.length), a = Float64Array.from(c);
    assert.equal(select(a, k), sorted[k]);
    for (let i = 0; i < c.length; i++) assert.ok(i < k ? a[i] <= a[k] : i > k ? a[i] >= a[k] : true);
  }
});

Deno.test("percentileBySelection equals numpy's linear percentile on a sorted copy", () => {
  // Hand-worked: [1, 2, 3, 4, 10] → p10 at rank 0.4 = 1.4, p90 at rank 3.6 = 4 + 0.6 × 6 = 7.6, p50 = 3.
  const v = () => new Float64Array([10, 3, 1, 4, 2]);
  assert.ok(Math.abs(percentileBySelection(v(), 10) - 1.4) < 1e-12);
  assert.ok(Math.abs(percentileBySelection(v(), 90) - 7.6) < 1e-12);
  assert.equal(percentileBySelection(v(), 50), 3);
  assert.equal(percentileBySelection(v(), 100), 10);
  assert.equal(percentileBySelection(new Float64Array(0), 50), 0);
  // Random rows: the same value as interpolating the sorted array, bit for bit.
  let s = 7;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  for (let n = 1; n < 60; n++) {
    const a = Float64Array.from({ length: n }, () => Math.round(rand() * 20) / 4);
    const sorted = a.slice().sort();
    for (const p of [10, 50, 90]) {
      const r = (p / 100) * (n - 1), lo = Math.floor(r), hi = Math.min(n - 1, lo + 1);
      assert.equal(percentileBySelection(a.slice(), p), sorted[lo] + (r - lo) * (sorted[hi] - sorted[lo]));
    }
  }
});
