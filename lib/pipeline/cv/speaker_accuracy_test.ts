import assert from "node:assert/strict";
import type { CvModelResult, CvPrediction } from "./cv_stage.ts";
import { misclassifiedClips, speakerAccuracy } from "./speaker_accuracy.ts";

const p = (speaker: string, truth: string, global: string, enrolled: string | null): CvPrediction => ({
  path: `${speaker}/${truth}-${global}.wav`,
  corpus: speaker.startsWith("a") ? "A" : "B",
  speaker,
  fold: "1",
  truth,
  predicted: { global, enrolled },
});

const result = {
  model: "original-mlp",
  modes: ["global", "enrolled"],
  predictions: [
    p("a1", "sad", "sad", "sad"),
    p("a1", "angry", "sad", "angry"),
    p("a1", "neutral", "neutral", null), // an enrolment clip: not scored enrolled
    p("b2", "happy", "angry", "angry"),
    p("b2", "sad", "sad", "happy"),
  ],
} as unknown as CvModelResult;

Deno.test("speakerAccuracy() counts each speaker's clips per mode, leaving out clips a mode did not score", () => {
  const rows = speakerAccuracy(result);
  assert.deepEqual(rows.map((r) => [r.mode, r.speaker, r.corpus, r.clips, r.correct]), [
    ["global", "a1", "A", 3, 2],
    ["global", "b2", "B", 2, 1],
    ["enrolled", "a1", "A", 2, 2],
    ["enrolled", "b2", "B", 2, 0],
  ]);
  assert.equal(rows[0].accuracy, 2 / 3);
});

Deno.test("misclassifiedClips() lists only a mode's mistakes, seeded, and refuses a mode not scored", () => {
  const wrong = misclassifiedClips(result, "enrolled", { limit: 10 });
  assert.deepEqual(wrong.map((w) => w.path).sort(), ["b2/happy-angry.wav", "b2/sad-sad.wav"]);
  assert.deepEqual(
    misclassifiedClips(result, "global", { seed: 1 }),
    misclassifiedClips(result, "global", { seed: 1 }),
  );
  assert.equal(misclassifiedClips(result, "global", { limit: 1 }).length, 1);
  assert.throws(
    () => misclassifiedClips(result, "transductive"),
    /original-mlp was not scored in the transductive mode/,
  );
});
