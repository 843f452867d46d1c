import assert from "node:assert/strict";
import { speakerNormalize, speakerStats } from "./speaker_norm.ts";

Deno.test("speakerNormalize() z-scores each speaker with its own mean and population std (hand-computed)", () => {
  // Two features; speaker a: (1, 10), (3, 10); speaker b: (10, 0), (20, 4), (30, 8).
  const x = Float32Array.from([1, 10, 10, 0, 3, 10, 20, 4, 30, 8]);
  const { x: z, stats } = speakerNormalize(x, 2, ["a", "b", "a", "b", "b"]);
  // a: mean (2, 10), std (1, 0 → 1); b: mean (20, 4), std (√(200/3), √(32/3)).
  const sb0 = Math.sqrt(200 / 3), sb1 = Math.sqrt(32 / 3);
  const expected = [-1, 0, -10 / sb0, -4 / sb1, 1, 0, 0, 0, 10 / sb0, 4 / sb1];
  expected.forEach((v, i) => assert.ok(Math.abs(z[i] - v) < 1e-6, `${i}: ${z[i]} vs ${v}`));
  assert.deepEqual([...stats.get("a")!.mean], [2, 10]);
  assert.deepEqual([...stats.get("a")!.scale], [1, 1]);
  assert.equal(stats.get("b")!.count, 3);
});

Deno.test("speakerStats() refuses an empty group and a group count that does not match the rows", () => {
  assert.throws(() => speakerStats(new Float32Array(4), 2, []), /at least one clip/);
  assert.throws(() => speakerNormalize(new Float32Array(4), 2, ["a"]), /expected 2 groups/);
});
