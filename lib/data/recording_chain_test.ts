import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import { applyChannel, convolveSame, hardClip, roomImpulse } from "./recording_chain.ts";

const SR = 16000;
const sine = (hz: number, seconds = 1) =>
  Float32Array.from({ length: SR * seconds }, (_, i) => Math.sin((2 * Math.PI * hz * i) / SR));
/** Level of the second half (past the filters' transients), dB relative to a unit sine. */
const levelDb = (y: Float32Array) => {
  let p = 0;
  for (let i = y.length >> 1; i < y.length; i++) p += y[i] * y[i];
  return 10 * Math.log10(p / (y.length >> 1) / 0.5);
};

Deno.test("applyChannel(): the telephone band passes 1 kHz and cuts 100 Hz and 6 kHz; narrowband cuts 6 kHz", () => {
  const phone = (hz: number) => levelDb(applyChannel(sine(hz), SR, { kind: "telephone" }));
  assert.ok(Math.abs(phone(1000)) < 1, `1 kHz ${phone(1000).toFixed(2)} dB`);
  // Two 2nd-order sections an octave and more from the corner: below −20 dB.
  assert.ok(phone(100) < -20, `100 Hz ${phone(100).toFixed(1)} dB`);
  assert.ok(phone(6000) < -20, `6 kHz ${phone(6000).toFixed(1)} dB`);
  const nb = (hz: number) => levelDb(applyChannel(sine(hz), SR, { kind: "narrowband" }));
  assert.ok(Math.abs(nb(1000)) < 0.5 && nb(7000) < -20);
  // A Butterworth high-pass is −3 dB at its corner.
  assert.ok(Math.abs(levelDb(applyChannel(sine(200), SR, { kind: "highpass", hz: 200 })) + 3.01) < 0.2);
});

Deno.test("applyChannel(): a tilt of +4 dB/octave is a +12 dB shelf: ~+12 dB at 6 kHz, ~0 dB at 100 Hz", () => {
  const t = (hz: number) => levelDb(applyChannel(sine(hz), SR, { kind: "tilt", dbPerOctave: 4 }));
  assert.ok(Math.abs(t(6000) - 12) < 1, `${t(6000)}`);
  assert.ok(Math.abs(t(100)) < 0.5, `${t(100)}`);
});

Deno.test("roomImpulse() falls 60 dB over its RT60; convolveSame() keeps length and peak; hardClip() bounds", () => {
  const h = roomImpulse(SR, 0.5, 0.5, mulberry32(1));
  assert.equal(h.length, 8000);
  assert.equal(h[0], 1);
  const rms = (a: number, b: number) => Math.sqrt(h.subarray(a, b).reduce((s, v) => s + v * v, 0) / (b - a));
  // Envelope e^(−6.9 t / rt60): the last 10 % is ~54 dB below the first 10 % (noise aside).
  const drop = 20 * Math.log10(rms(1, 800) / rms(7200, 8000));
  assert.ok(drop > 45 && drop < 65, `${drop.toFixed(1)} dB`);
  const y = sine(440, 0.5), r = convolveSame(y, h);
  assert.equal(r.length, y.length);
  assert.ok(Math.abs(Math.max(...r.map(Math.abs)) - 1) < 1e-6);
  // Convolving with a unit impulse is the identity.
  const same = convolveSame(y, Float32Array.of(1));
  assert.ok(same.every((v, i) => Math.abs(v - y[i]) < 1e-6));
  assert.deepEqual([...hardClip(Float32Array.of(-3, -0.5, 0.2, 2))], [-1, -0.5, 0.20000000298023224, 1]);
});
