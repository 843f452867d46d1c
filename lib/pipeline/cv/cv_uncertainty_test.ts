import assert from "node:assert/strict";
import { modeIntervals } from "./cv_uncertainty.ts";

Deno.test("modeIntervals() bootstraps the folds that scored a mode, as the headline mean does", () => {
  const classes = ["a", "b"];
  const clip = (fold: string, speaker: string, truth: string, enrolled: string) => ({
    path: `${fold}/${speaker}/${truth}${enrolled}`,
    speaker,
    fold,
    truth,
    predicted: { global: truth, enrolled },
  });
  // Fold f1 scored the enrolled mode (all right); f2 could not (its answers are the global model's, all wrong here).
  const predictions = [
    ...["s1", "s2", "s3"].flatMap((s) => [clip("f1", s, "a", "a"), clip("f1", s, "b", "b")]),
    ...["s4", "s5"].flatMap((s) => [clip("f2", s, "a", "b"), clip("f2", s, "b", "a")]),
  ];
  const folds = [
    { name: "f1", modes: { global: { scores: {} }, enrolled: { scores: {} } } },
    { name: "f2", modes: { global: { scores: {} }, enrolled: { scores: null } } },
  ];
  const ci = modeIntervals({ model: "m", modes: ["global", "enrolled"], predictions, folds }, classes);
  assert.deepEqual(ci.enrolled, { estimate: 1, low: 1, high: 1 }, "f2 left out: f1 alone, all right");
  assert.equal(ci.global!.estimate, 1);
});
