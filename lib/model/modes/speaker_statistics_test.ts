import assert from "node:assert/strict";
import { centreRows, groupRows, speakerStats, standardiseBySpeaker } from "./speaker_statistics.ts";

Deno.test("standardiseBySpeaker() z-scores each speaker by its own mean and population sd", () => {
  // Speaker a: feature values 1 and 3 (mean 2, sd 1); speaker b: 10, 10, 40 (mean 20, sd √200).
  const x = Float32Array.from([1, 3, 10, 10, 40]);
  const { x: z, stats } = standardiseBySpeaker(x, 1, ["a", "a", "b", "b", "b"]);
  assert.deepEqual(Array.from(z.subarray(0, 2)), [-1, 1]);
  assert.ok(Math.abs(z[4] - 20 / Math.sqrt(200)) < 1e-6);
  assert.equal(stats.get("b")!.count, 3);
  assert.throws(() => standardiseBySpeaker(x, 1, ["a"]), /expected 5 groups/);
});

Deno.test("speakerStats() gives scale 1 for a constant feature; rows of no group stay as they are", () => {
  assert.equal(speakerStats(Float32Array.from([5, 5]), 1).scale[0], 1);
  const { x } = standardiseBySpeaker(Float32Array.from([7, 1, 3]), 1, [null, "a", "a"]);
  assert.equal(x[0], 7);
  assert.deepEqual([...groupRows(["b", "", "b", null, "c"])], [["b", [0, 2]], ["c", [4]]]);
});

Deno.test("centreRows() subtracts the reference from the named rows only", () => {
  const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
  centreRows(x, 2, [1, 1], [0, 2]);
  assert.deepEqual(Array.from(x), [0, 1, 3, 4, 4, 5]);
  assert.throws(() => centreRows(x, 2, [1], [0]), /reference has 1 values/);
});
