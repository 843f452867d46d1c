import assert from "node:assert/strict";
import { C1_HZ, cqt } from "./cqt.ts";
import { magnitude } from "./stft.ts";

Deno.test("cqt() peaks at the bin of a tone, with librosa's shape", () => {
  const sr = 22050, f = C1_HZ * 2 ** (150 / 36); // bin 150 of 36 per octave
  const y = Float32Array.from({ length: 3 * sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / sr));
  const C = magnitude(cqt(y, sr, { nBins: 252, binsPerOctave: 36 }));
  assert.equal(C.rows, 252);
  assert.equal(C.cols, 1 + Math.floor(y.length / 512));
  const t = 60;
  let best = 0;
  for (let k = 1; k < 252; k++) if (C.data[k * C.cols + t] > C.data[best * C.cols + t]) best = k;
  assert.equal(best, 150);
});

Deno.test("cqt() refuses filters beyond Nyquist and hops it cannot halve", () => {
  assert.throws(() => cqt(new Float32Array(22050), 8000, { nBins: 84 * 2 }), /exceeds the Nyquist rate 4000 Hz/);
  assert.throws(
    () => cqt(new Float32Array(22050), 22050, { hopLength: 100 }),
    /`hopLength` 100 must be divisible by 2\^6/,
  );
});
