import assert from "node:assert/strict";
import { ravdessFold, seedSplit, speakerSplit } from "./split.ts";

const count = <T>(xs: readonly T[], x: T) => xs.filter((v) => v === x).length;

Deno.test("seedSplit() has scikit-learn's sizes: ⌈0.3 n⌉ held out, ⌈½⌉ of those test", () => {
  // The seed's corpus: 12,162 clips → 8,513 train, 1,824 val, 1,825 test.
  const labels = Array.from(
    { length: 12162 },
    (_, i) => ["angry", "calm", "sad", "fear", "happy", "neutral", "disgust", "surprise"][i % 8],
  );
  const s = seedSplit(labels);
  assert.deepEqual([count(s, "train"), count(s, "val"), count(s, "test")], [8513, 1824, 1825]);
});

Deno.test("seedSplit() stratifies the training part by label and is deterministic for a seed", () => {
  const labels = [...Array(70).fill("a"), ...Array(20).fill("b"), ...Array(10).fill("c")];
  const s = seedSplit(labels);
  const trainOf = (l: string) => labels.filter((x, i) => x === l && s[i] === "train").length;
  assert.deepEqual([trainOf("a"), trainOf("b"), trainOf("c")], [49, 14, 7]);
  assert.deepEqual(seedSplit(labels), s);
  assert.notDeepEqual(seedSplit(labels, { seed: 7 }), s);
  assert.throws(() => seedSplit(["a", "b"]), /at least 3 clips/);
});

Deno.test("speakerSplit() keeps every speaker in one part and follows the 2- and 1-speaker rules", () => {
  const speakers: string[] = [], corpora: string[] = [];
  for (let a = 1; a <= 24; a++) for (let k = 0; k < 5; k++) (speakers.push(`ravdess_${a}`), corpora.push("RAVDESS"));
  for (const s of ["tess_OAF", "tess_YAF"]) for (let k = 0; k < 10; k++) (speakers.push(s), corpora.push("TESS"));
  for (let k = 0; k < 4; k++) (speakers.push("solo"), corpora.push("ONE"));
  const { split, notes } = speakerSplit(speakers, corpora);
  const parts = (s: string) => new Set(split.filter((_, i) => speakers[i] === s));
  for (let a = 1; a <= 24; a++) assert.equal(parts(`ravdess_${a}`).size, 1);
  const ravdessTest = new Set(speakers.filter((_, i) => corpora[i] === "RAVDESS" && split[i] === "test"));
  assert.equal(ravdessTest.size, 4); // round(0.15 × 24)
  const tess = ["tess_OAF", "tess_YAF"].map(parts);
  assert.ok(tess.some((p) => p.size === 1 && p.has("train")));
  assert.ok(tess.some((p) => p.has("val") && p.has("test") && !p.has("train")));
  assert.deepEqual([...parts("solo")], ["train"]);
  assert.match(notes.join("\n"), /ONE: only 1 speaker/);
  assert.match(notes.join("\n"), /TESS: only 2 speakers/);
  assert.deepEqual(speakerSplit(speakers, corpora), { split, notes });
});

Deno.test("ravdessFold() groups actors four by four", () => {
  assert.deepEqual([1, 4, 5, 8, 21, 24].map(ravdessFold), [0, 0, 1, 1, 5, 5]);
  assert.throws(() => ravdessFold(25), /RAVDESS actor must be 1–24: received 25/);
});
