import assert from "node:assert/strict";
import { median, select } from "./_select.ts";

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
