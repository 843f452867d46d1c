import assert from "node:assert/strict";
import { extractFeatures, FEATURE_COUNT, FEATURE_NAMES } from "./extract_features.ts";

Deno.test("FEATURE_NAMES lists the seed's 195 columns in order", () => {
  assert.equal(FEATURE_COUNT, 195);
  assert.equal(FEATURE_NAMES.length, 195);
  assert.deepEqual([
    FEATURE_NAMES[0],
    FEATURE_NAMES[39],
    FEATURE_NAMES[40],
    FEATURE_NAMES[52],
    FEATURE_NAMES[180],
    FEATURE_NAMES[187],
  ], [
    "mfcc_0",
    "mfcc_39",
    "chroma_0",
    "mel_0",
    "contrast_0",
    "tonnetz_0",
  ]);
  assert.deepEqual(FEATURE_NAMES.slice(-2), ["zcr", "rolloff"]);
});

Deno.test("extractFeatures() rejects an empty signal and records per-group timings", () => {
  assert.throws(() => extractFeatures(new Float32Array(0)), /empty signal/);
  const timings: Record<string, number> = {};
  const f = extractFeatures(Float32Array.from({ length: 22050 }, (_, i) => Math.sin(i / 10)), 22050, { timings });
  assert.equal(f.length, 195);
  assert.deepEqual(Object.keys(timings).sort(), [
    "chroma",
    "contrast",
    "mel",
    "mfcc",
    "rolloff",
    "stft",
    "tonnetz",
    "zcr",
  ]);
});
