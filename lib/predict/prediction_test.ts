import assert from "node:assert/strict";
import { toPrediction, withLength } from "./prediction.ts";

Deno.test("toPrediction() takes the most probable class, every probability by name, and the gender's best", () => {
  const p = toPrediction(["angry", "calm", "sad"], [0.1, 0.3, 0.6], {
    probabilities: [0.8, 0.2],
    classes: ["female", "male"],
  }, "enrolled");
  assert.equal(p.emotion, "sad");
  assert.ok(Math.abs(p.confidence - 0.6) < 1e-9);
  assert.deepEqual(Object.keys(p.probabilities), ["angry", "calm", "sad"]);
  assert.deepEqual(p.gender, { label: "female", confidence: 0.8 });
  assert.equal(p.mode, "enrolled");
});

Deno.test("withLength() says when a recording is longer than what the model reads, and by how much", () => {
  const p = toPrediction(["a", "b"], [1, 0], null, "global");
  assert.equal(withLength(p, 2.5, 3).truncated, undefined);
  assert.equal(withLength(p, 2.5, 3).usedSeconds, 2.5);
  assert.equal(
    withLength(p, 600, 3).truncated,
    "used the first 3.0 s of 600.0 s (predict --timeline for the whole recording)",
  );
  assert.equal(withLength(p, null, 3), p);
});
