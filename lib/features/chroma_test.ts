import assert from "node:assert/strict";
import { chromaFilterBank, chromaStft } from "./chroma_stft.ts";
import { chromaCqt, cqToChroma } from "./chroma_cqt.ts";
import { tonnetz } from "./tonnetz.ts";

const tone = (f: number, sr = 22050, n = 22050) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
const argmaxRow = (m: { rows: number; cols: number; data: Float64Array }, t: number) => {
  let best = 0;
  for (let r = 1; r < m.rows; r++) if (m.data[r * m.cols + t] > m.data[best * m.cols + t]) best = r;
  return best;
};

Deno.test("chromaFilterBank() columns are L2-normalised before the octave weighting, rows start at C", () => {
  const fb = chromaFilterBank(22050, { octWidth: null });
  assert.equal(fb.rows, 12);
  assert.equal(fb.cols, 1025);
  // Bin 41 ≈ 441 Hz is an A: chroma 9 (C = 0) carries the largest weight.
  assert.equal(argmaxRow(fb, 41), 9);
  let ss = 0;
  for (let c = 0; c < 12; c++) ss += fb.data[c * fb.cols + 41] ** 2;
  assert.ok(Math.abs(ss - 1) < 1e-6);
});

Deno.test("chromaStft() and chromaCqt() put an A4 tone on A, max-normalised to 1", () => {
  for (const chroma of [chromaStft(tone(440), 22050), chromaCqt(tone(440), 22050)]) {
    assert.equal(chroma.rows, 12);
    assert.equal(argmaxRow(chroma, 20), 9);
    assert.ok(Math.abs(chroma.data[9 * chroma.cols + 20] - 1) < 1e-12);
  }
});

Deno.test("cqToChroma() folds 3 bins per pitch class, centred, every octave", () => {
  const m = cqToChroma(72, { binsPerOctave: 36 });
  const classOf = (i: number) => [...Array(12).keys()].find((c) => m.data[c * 72 + i] === 1);
  assert.deepEqual([0, 1, 2, 3, 4, 35, 36, 37, 71].map(classOf), [0, 0, 1, 1, 1, 0, 0, 0, 0]);
  assert.throws(
    () => cqToChroma(72, { binsPerOctave: 30 }),
    /`binsPerOctave` 30 must be an integer multiple of `nChroma` 12/,
  );
});

Deno.test("tonnetz() of a pure C chroma is [0, 1, 0, 1, 0, 0.5]", () => {
  const chroma = { rows: 12, cols: 1, data: new Float64Array(12) };
  chroma.data[0] = 0.7;
  const ton = tonnetz(chroma, 22050, { isChroma: true });
  assert.deepEqual([...ton.data].map((v) => +v.toFixed(12)), [0, 1, 0, 1, 0, 0.5]);
});
