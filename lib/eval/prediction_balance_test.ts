import assert from "node:assert/strict";
import { answerBalance, predictionBalance } from "./prediction_balance.ts";

Deno.test("predictionBalance() names a collapse: one label taking most answers, a true label never answered", async (t) => {
  const labels = ["angry", "happy", "neutral", "sad"];
  await t.step("corpus B's pattern: angry never answered, sad takes most neutral clips", () => {
    // rows true: 60 angry → happy 28, neutral 18, sad 14; 120 neutral → sad 79, neutral 41; happy and sad mostly right.
    const b = predictionBalance([[0, 28, 18, 14], [0, 50, 5, 5], [0, 0, 41, 79], [0, 2, 3, 55]], labels);
    assert.deepEqual(b.predicted, [0, 80, 67, 153]);
    assert.deepEqual(b.truth, [60, 60, 120, 60]);
    assert.deepEqual(b.neverPredicted, ["angry"]);
    // sad: 153 of 300 answers = 51 %, 60 of 300 clips = 20 % (≤ half of 51 %): a collapse.
    assert.equal(b.warning, "sad takes 51 % of the answers (20 % of the clips); never answered: angry");
  });
  await t.step("a balanced, mostly right matrix: no warning", () => {
    const b = predictionBalance([[8, 1, 1, 0], [1, 8, 1, 0], [0, 1, 8, 1], [0, 0, 2, 8]], labels);
    assert.equal(b.warning, null);
    assert.deepEqual(b.top, { label: "neutral", share: 12 / 40 });
  });
  await t.step("a label that is mostly the truth may take most answers", () => {
    assert.equal(predictionBalance([[9, 1], [1, 1]], ["neutral", "sad"]).warning, null);
  });
  await t.step("a label absent from the truth is not 'never answered'", () => {
    assert.deepEqual(predictionBalance([[5, 0], [0, 0]], ["a", "b"]).neverPredicted, []);
  });
});

Deno.test("answerBalance() spreads a recording's window labels without a truth", () => {
  const b = answerBalance(["sad", "sad", "sad", "neutral"], ["angry", "neutral", "sad"]);
  assert.deepEqual(b.predicted, [0, 1, 3]);
  assert.equal(b.truth, null);
  assert.deepEqual(b.neverPredicted, ["angry"]);
  assert.equal(b.warning, "sad takes 75 % of the answers", "no truth: no 'never answered' judgement");
});
