import assert from "node:assert/strict";
import { MIN_SPEAKERS_TO_VALIDATE, pickValidation } from "./cv_validation.ts";

const speakers = (n: number, corpus = "RAVDESS") =>
  Array.from({ length: n }, (_, i) => ({
    corpus,
    speaker: `${corpus}_${i}`,
    gender: i % 2 ? "female" : "male",
  }));

Deno.test("pickValidation() holds out a man and a woman of the tested corpus, the same for the same seed", () => {
  const rows = speakers(20);
  const all = rows.map((_, i) => i);
  const v = pickValidation(rows, all, "RAVDESS", 42, 0);
  assert.equal(v.length, 2);
  assert.deepEqual(new Set(v.map((s) => rows.find((r) => r.speaker === s)!.gender)), new Set(["male", "female"]));
  assert.deepEqual(pickValidation(rows, all, "RAVDESS", 42, 0), v);
});

Deno.test("pickValidation() keeps every speaker of a small corpus for training (SAVEE's three)", () => {
  const rows = [...speakers(3, "SAVEE"), ...speakers(20, "RAVDESS")];
  assert.deepEqual(pickValidation(rows, rows.map((_, i) => i), "SAVEE", 42, 1), []);
  assert.equal(
    pickValidation(speakers(MIN_SPEAKERS_TO_VALIDATE), [...Array(MIN_SPEAKERS_TO_VALIDATE).keys()], "RAVDESS", 1, 0)
      .length,
    2,
  );
});
