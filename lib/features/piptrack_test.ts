import assert from "node:assert/strict";
import { estimateTuning, piptrack, pitchTuning } from "./piptrack.ts";

Deno.test("pitchTuning() returns the most common deviation from equal temperament", () => {
  assert.ok(Math.abs(pitchTuning([440 * 2 ** (0.25 / 12), 880 * 2 ** (0.25 / 12), 300]) - 0.25) < 1e-9);
  assert.ok(Math.abs(pitchTuning([440 * 2 ** (-0.3 / 12)]) - -0.3) < 1e-9);
  assert.equal(pitchTuning([]), 0);
  assert.equal(pitchTuning([0, -5]), 0);
  // With 36 bins per octave the same frequency sits 0.75 of a third-of-a-semitone bin off, i.e. −0.25.
  assert.ok(Math.abs(pitchTuning([440 * 2 ** (0.25 / 12)], { binsPerOctave: 36 }) - -0.25) < 1e-9);
});

Deno.test("piptrack() finds a 1 kHz tone within a tenth of a bin", () => {
  const sr = 22050;
  const y = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / sr));
  const { pitches, magnitudes } = piptrack(y, sr);
  const t = 20;
  let best = 0;
  for (let k = 0; k < pitches.rows; k++) {
    if (magnitudes.data[k * pitches.cols + t] > magnitudes.data[best * pitches.cols + t]) best = k;
  }
  assert.ok(Math.abs(pitches.data[best * pitches.cols + t] - 1000) < 0.1 * sr / 2048);
});

Deno.test("estimateTuning() recovers a tone's detuning to the 0.01 resolution", () => {
  const sr = 22050, f = 1760 * 2 ** (0.2 / 12); // high enough that 0.01 semitone spans a quarter bin
  const y = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
  assert.ok(Math.abs(estimateTuning(y, sr) - 0.2) <= 0.02);
});
