import assert from "node:assert/strict";
import { loadAudio } from "$lib/audio/mod.ts";
import { fixture, librosaFeatures, maxAbsDiff, readF32 } from "./support/fixtures.ts";

Deno.test("loadAudio() gives librosa.load(sr=22050, duration=3)'s length for all 16 fixture clips", async () => {
  const clips = Object.entries(librosaFeatures());
  assert.equal(clips.length, 16);
  for (const [name, ref] of clips) {
    const { y } = await loadAudio(fixture("audio", name), { duration: 3 });
    assert.equal(y.length, ref.loaded_samples, name);
  }
});

Deno.test("loadAudio() reproduces librosa's signal", async (t) => {
  for (const clip of ["speech_22050_s16", "short_yes_22050_s16"]) {
    await t.step(`${clip}: native rate, within 1e-6 max abs`, async () => {
      const { y, resampler } = await loadAudio(fixture("audio", `${clip}.wav`), { duration: 3 });
      assert.equal(resampler, null);
      assert.ok(maxAbsDiff(y, readF32(fixture("librosa", clip, "y.f32"))) <= 1e-6);
    });
  }
  await t.step("speech_48000_s32: int32 decode + libsoxr HQ, within 1e-5 max abs", async () => {
    const { y, resampler } = await loadAudio(fixture("audio", "speech_48000_s32.wav"), { duration: 3 });
    assert.equal(resampler, "soxr_hq");
    assert.ok(maxAbsDiff(y, readF32(fixture("librosa", "speech_48000_s32", "y.f32"))) <= 1e-5);
  });
  await t.step("speech_48000_s32 through the TypeScript fallback stays within 1e-4 max abs", async () => {
    const { y, resampler } = await loadAudio(fixture("audio", "speech_48000_s32.wav"), {
      duration: 3,
      resType: "sinc_kaiser",
    });
    assert.equal(resampler, "sinc_kaiser");
    assert.ok(maxAbsDiff(y, readF32(fixture("librosa", "speech_48000_s32", "y.f32"))) <= 1e-4);
  });
});
