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

Deno.test("one octave's filters reused for all seven give the same float32 CQT basis, bit for bit, at every tuning", async () => {
  const { cqtBases, relativeBandwidth } = await import("./_cqt_basis.ts");
  const C1 = 440 * 2 ** ((24 - 69) / 12);
  let checked = 0;
  for (let step = -50; step <= 50; step++) {
    const fmin = C1 * 2 ** ((step / 100) / 36);
    const freqs = new Float64Array(252);
    for (let k = 0; k < 252; k++) freqs[k] = fmin * (2 ** Math.floor(k / 36) * 2 ** ((k % 36) / 36));
    const alpha = relativeBandwidth(freqs);
    const o = { nOctaves: 7, nFilters: 36, filterScale: 1, sparsity: 0.01 };
    const reused = cqtBases(22050, freqs, alpha, o), built = cqtBases(22050, freqs, alpha, { ...o, reuse: false });
    reused.forEach((b, i) => {
      const c = built[i];
      assert.equal(b.nFft, c.nFft);
      assert.deepEqual([b.lo, b.hi], [c.lo, c.hi]);
      assert.deepEqual(b.start, c.start, `tuning ${step / 100}, octave ${i}: row layout`);
      assert.deepEqual(b.bins, c.bins, `tuning ${step / 100}, octave ${i}: bins`);
      // float32 weights, as the kernel uses them, and the float64 products, bit for bit.
      assert.deepEqual(Float32Array.from(b.re), Float32Array.from(c.re), `tuning ${step / 100}, octave ${i}: re`);
      assert.deepEqual(b.re, c.re);
      assert.deepEqual(b.im, c.im);
      checked++;
    });
  }
  assert.equal(checked, 101 * 7);
});
