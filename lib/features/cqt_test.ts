import assert from "node:assert/strict";
import { C1_HZ, cqt } from "./cqt.ts";
import { magnitude } from "./stft.ts";
import { sparsityCut } from "./_cqt_basis.ts";

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

Deno.test("sparsityCut() finds util.sparsify_rows' threshold by selection, ties and all", () => {
  // Hand-worked: ascending 1, 2, 3, 4, 90 (total 100); 5 % of the mass is reached at 3 (1 + 2 + 3 = 6).
  assert.equal(sparsityCut(Float64Array.from([90, 3, 1, 4, 2]), 5), 3);
  assert.equal(sparsityCut(Float64Array.from([90, 3, 1, 4, 2]), 1), 1);
  assert.equal(sparsityCut(Float64Array.from([90, 3, 1, 4, 2]), 10.5), 90);
  assert.equal(sparsityCut(Float64Array.from([2, 2, 2, 2, 92]), 5), 2);
  // Against the sort-and-accumulate definition on random rows with repeated values.
  let a = 7;
  const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
  for (let trial = 0; trial < 200; trial++) {
    const mags = Float64Array.from({ length: 1 + Math.floor(r() * 600) }, () => Math.round(r() ** 4 * 50) / 7);
    const total = mags.reduce((s, v) => s + v, 0), mass = 0.01 * total;
    const sorted = mags.slice().sort();
    let cum = 0, expected = sorted[sorted.length - 1];
    for (const v of sorted) {
      cum += v;
      if (cum >= mass) {
        expected = v;
        break;
      }
    }
    assert.equal(sparsityCut(mags, mass), expected, `trial ${trial}`);
  }
});
