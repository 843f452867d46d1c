import assert from "node:assert/strict";
import { hzToMel, melFilterBank, melSpectrogram, melToHz } from "./mel.ts";

Deno.test("hzToMel()/melToHz() follow Slaney's scale: linear to 1 kHz, logarithmic above", () => {
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
  assert.ok(Math.abs(hzToMel(200) - 3) < 1e-12);
  assert.ok(Math.abs(hzToMel(6400) - 42) < 1e-12); // 15 + 27 · ln(6.4) / ln(6.4)
  for (const f of [0, 440, 1000, 4000, 11025]) assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-9);
  assert.ok(Math.abs(hzToMel(700, true) - 2595 * Math.log10(2)) < 1e-9);
});

Deno.test("melFilterBank() has Slaney-normalised triangles: peak 2 / (f[k+2] − f[k]) at the centre", () => {
  // With sr = 2 kHz, nFft = 8 and 1 band, edges are 0, 500, 1000 Hz (mel 0, 7.5, 15): bins at 0, 250, …, 1000 Hz.
  const bank = melFilterBank(2000, { nFft: 8, nMels: 1 });
  const peak = 2 / 1000;
  assert.deepEqual(
    [...bank.data].map((v) => +v.toFixed(9)),
    [0, 0.5, 1, 0.5, 0].map((w) => +Math.fround(w * peak).toFixed(9)),
  );
  const big = melFilterBank(22050);
  assert.equal(big.rows, 128);
  assert.equal(big.cols, 1025);
});

Deno.test("melFilterBank() rejects nMels < 1 and fMax above Nyquist", () => {
  assert.throws(() => melFilterBank(22050, { nMels: 0 }), /`nMels` must be a positive integer: received 0/);
  assert.throws(
    () => melFilterBank(22050, { fMax: 12000 }),
    /`fMax` must not exceed the Nyquist rate 11025 Hz: received 12000/,
  );
});

Deno.test("melSpectrogram() of silence is zero and has one column per frame", () => {
  const M = melSpectrogram(new Float32Array(22050), 22050);
  assert.equal(M.rows, 128);
  assert.equal(M.cols, 44);
  assert.ok(M.data.every((v) => v === 0));
});
