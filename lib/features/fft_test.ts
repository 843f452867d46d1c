import assert from "node:assert/strict";
import { complexFft, realFft } from "./fft.ts";

/** Direct O(n²) DFT, the definition. */
function dft(x: number[]): { re: number[]; im: number[] } {
  const n = x.length, re: number[] = [], im: number[] = [];
  for (let k = 0; k < n; k++) {
    let r = 0, i = 0;
    for (let t = 0; t < n; t++) {
      r += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      i -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

Deno.test("realFft() equals the DFT definition for sizes 2 … 1024", () => {
  for (const n of [2, 4, 8, 64, 1024]) {
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.3 * Math.cos(i * i * 0.01));
    const ref = dft(x);
    const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
    realFft(n).forward(x, re, im);
    for (let k = 0; k <= n / 2; k++) {
      assert.ok(Math.abs(re[k] - ref.re[k]) < 1e-9 * n && Math.abs(im[k] - ref.im[k]) < 1e-9 * n, `n=${n} k=${k}`);
    }
  }
});

Deno.test("complexFft() of a unit impulse at 1 is the twiddle sequence e^{−2πik/N}", () => {
  const n = 16, re = new Float64Array(n), im = new Float64Array(n);
  re[1] = 1;
  complexFft(n).transform(re, im);
  for (let k = 0; k < n; k++) {
    assert.ok(Math.abs(re[k] - Math.cos((2 * Math.PI * k) / n)) < 1e-12);
    assert.ok(Math.abs(im[k] + Math.sin((2 * Math.PI * k) / n)) < 1e-12);
  }
});

Deno.test("realFft() reads past-the-end and negative offsets as zeros and applies a window", () => {
  const re = new Float64Array(3), im = new Float64Array(3);
  realFft(4).forward([1, 2], re, im, -1, new Float64Array([1, 1, 1, 0]));
  // The frame is x[−1 … 2] = [0, 1, 2, 0], and the window zeroes the last sample.
  const ref = dft([0, 1, 2, 0]);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(re[k] - ref.re[k]) < 1e-12 && Math.abs(im[k] - ref.im[k]) < 1e-12);
});

Deno.test("realFft() of a windowed frame inside a longer Float32Array, and overlapping its ends, equals the DFT", () => {
  for (const n of [4, 64, 1024]) {
    const x = Float32Array.from({ length: 3 * n }, (_, i) => Math.cos(i * 0.37) * (1 + (i % 7)));
    const w = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    for (const offset of [n, -n / 2, 2 * n + n / 2]) {
      const frame = Array.from({ length: n }, (_, i) => (x[offset + i] ?? 0) * w[i]);
      const ref = dft(frame);
      const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
      realFft(n).forward(x, re, im, offset, w);
      for (let k = 0; k <= n / 2; k++) {
        assert.ok(
          Math.abs(re[k] - ref.re[k]) < 1e-9 * n && Math.abs(im[k] - ref.im[k]) < 1e-9 * n,
          `n=${n} offset=${offset} k=${k}`,
        );
      }
    }
  }
});
