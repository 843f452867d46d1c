import assert from "node:assert/strict";
import { loadAudio } from "../audio/mod.ts";
import { FEATURE_SETS, featuresOfSamples } from "./feature_sets.ts";

const clip = new URL("../../tests/fixtures/audio/speech_16000_s16.wav", import.meta.url).pathname;

Deno.test("level-free: real speech 20 and 30 dB quieter or 6 dB louder gives the same vector (pooled moves by dB)", async () => {
  const { y, sampleRate } = await loadAudio(clip, { sampleRate: null });
  const worst = (set: "pooled" | "level-free", db: number) => {
    const base = featuresOfSamples(FEATURE_SETS[set], y, sampleRate);
    const moved = featuresOfSamples(FEATURE_SETS[set], y.map((v) => v * 10 ** (db / 20)), sampleRate);
    return Math.max(...base.map((v, i) => Math.abs(moved[i] - v) / (Math.abs(v) + 1)));
  };
  for (const db of [-30, -20, 6]) {
    assert.ok(worst("level-free", db) < 0.01, `level-free at ${db} dB: ${worst("level-free", db)}`);
    assert.ok(worst("pooled", db) > 1, `pooled at ${db} dB moves`);
  }
  assert.equal(FEATURE_SETS["level-free"].count, FEATURE_SETS.pooled.count);
});
