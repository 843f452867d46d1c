import assert from "node:assert/strict";
import { bootstrapUa, pairedComparison, percentile, type ScoredClip, unweightedAccuracy } from "./bootstrap.ts";

/** Fixed data and numpy's results on it (tools/bootstrap_reference.py): 252 clips of 12 speakers, 4 labels. */
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/fixtures/bootstrap_reference.json", import.meta.url)),
) as {
  classes: number;
  clips: { speaker: string; truth: number; a: number; b: number }[];
  ua_a: { estimate: number; low: number; high: number };
  paired: { a: number; b: number; estimate: number; low: number; high: number; p: number };
};
const as = (k: "a" | "b"): ScoredClip[] =>
  REF.clips.map((c) => ({ speaker: c.speaker, truth: c.truth, predicted: c[k] }));

Deno.test("bootstrapUa() and pairedComparison() equal the numpy reference on the same speaker resamples", () => {
  const ci = bootstrapUa(as("a"), REF.classes);
  for (const k of ["estimate", "low", "high"] as const) assert.ok(Math.abs(ci[k] - REF.ua_a[k]) < 1e-12, k);
  const c = pairedComparison(as("a"), as("b"), REF.classes);
  assert.ok(Math.abs(c.a - REF.paired.a) < 1e-12 && Math.abs(c.b - REF.paired.b) < 1e-12);
  for (const k of ["estimate", "low", "high"] as const) assert.ok(Math.abs(c.difference[k] - REF.paired[k]) < 1e-12, k);
  assert.equal(c.p, REF.paired.p);
});

Deno.test("by hand: UA is the mean recall over present labels; a perfect system has a zero-width interval", () => {
  const clips: ScoredClip[] = [
    { speaker: "s1", truth: 0, predicted: 0 },
    { speaker: "s1", truth: 0, predicted: 1 },
    { speaker: "s2", truth: 1, predicted: 1 },
  ];
  // recall(0) = 1/2, recall(1) = 1; label 2 absent: UA = 0.75.
  assert.equal(unweightedAccuracy(clips, 3), 0.75);
  const perfect = clips.map((c) => ({ ...c, predicted: c.truth }));
  assert.deepEqual(bootstrapUa(perfect, 3, { resamples: 50 }), { estimate: 1, low: 1, high: 1 });
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
});

Deno.test("with folds: the mean of the folds' UA, speakers resampled within their fold", () => {
  const a = as("a"), folds = a.map((c) => ({ ...c, fold: c.speaker < "spk06" ? "f1" : "f2" }));
  const ci = bootstrapUa(folds, REF.classes, { resamples: 200 });
  const f1 = a.filter((c) => c.speaker < "spk06"), f2 = a.filter((c) => c.speaker >= "spk06");
  const mean = (unweightedAccuracy(f1, REF.classes) + unweightedAccuracy(f2, REF.classes)) / 2;
  assert.ok(Math.abs(ci.estimate - mean) < 1e-12);
  assert.ok(ci.low < mean && mean < ci.high);
  // One fold is the unstratified bootstrap, draw for draw.
  const one = bootstrapUa(a.map((c) => ({ ...c, fold: "all" })), REF.classes);
  assert.deepEqual(one, bootstrapUa(a, REF.classes));
});

Deno.test("the bootstrap refuses no clips, labels out of range, and unpaired systems", () => {
  assert.throws(() => bootstrapUa([], 2), RangeError);
  assert.throws(() => bootstrapUa([{ speaker: "s", truth: 3, predicted: 0 }], 2), RangeError);
  const a = as("a");
  assert.throws(() => pairedComparison(a, a.slice(1), REF.classes), /same clips/);
});
