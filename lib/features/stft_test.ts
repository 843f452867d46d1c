import assert from "node:assert/strict";
import { fftFrequencies, getWindow, magnitude, spectrogram, stft } from "./stft.ts";

Deno.test("getWindow() is scipy's periodic Hann", () => {
  assert.deepEqual([...getWindow("hann", 4)].map((v) => +v.toFixed(12)), [0, 0.5, 1, 0.5]);
  assert.deepEqual([...getWindow("ones", 3)], [1, 1, 1]);
});

Deno.test("stft() frames a centred signal as librosa: 1 + ⌊n / hop⌋ frames of nFft/2 + 1 bins", () => {
  const D = stft(new Float32Array(1103), { nFft: 2048, hopLength: 512 });
  assert.equal(D.rows, 1025);
  assert.equal(D.cols, 3);
  assert.equal(stft(new Float32Array(66150)).cols, 130);
  assert.equal(stft(new Float32Array(4096), { center: false, hopLength: 1024 }).cols, 3);
});

Deno.test("stft() of a constant is the window's sum at DC in the middle frame", () => {
  const y = new Float32Array(8192).fill(0.5);
  const D = stft(y, { nFft: 1024, hopLength: 256 });
  const t = 8; // fully inside the signal
  // Σ hann(1024) = 512, so DC = 0.5 × 512; a periodic Hann leaks a constant only into bin 1, so bin 2 is 0.
  assert.ok(Math.abs(D.re[0 * D.cols + t] - 256) < 1e-9);
  assert.ok(Math.abs(magnitude(D).data[2 * D.cols + t]) < 1e-9);
});

Deno.test("spectrogram() is |stft|^power", () => {
  const y = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 7));
  const D = stft(y), P = spectrogram(y, { power: 2 }), M = spectrogram(y);
  for (const i of [0, 100, 5000, 10000]) {
    const p = D.re[i] ** 2 + D.im[i] ** 2;
    assert.ok(Math.abs(P.data[i] - p) <= 1e-12 * Math.max(1, p));
    assert.ok(Math.abs(M.data[i] - Math.sqrt(p)) <= 1e-12 * Math.max(1, p));
  }
});

Deno.test("stft() rejects sizes that are not powers of two and bad hops", () => {
  assert.throws(() => stft(new Float32Array(10), { nFft: 1000 }), /`nFft` must be a power of two ≥ 2: received 1000/);
  assert.throws(
    () => stft(new Float32Array(10), { hopLength: 0 }),
    /`hopLength` must be a positive integer: received 0/,
  );
});

Deno.test("fftFrequencies() spans 0 … Nyquist", () => {
  const f = fftFrequencies(22050, 2048);
  assert.equal(f.length, 1025);
  assert.equal(f[0], 0);
  assert.equal(f[1024], 11025);
  assert.ok(Math.abs(f[1] - 22050 / 2048) < 1e-9);
});
