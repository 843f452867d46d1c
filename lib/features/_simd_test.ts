import assert from "node:assert/strict";
import { SOURCE_SHA256 } from "./_simd_kernels.ts";
import { cqt } from "./cqt.ts";
import { projectFramesSimd, stftPowerSimd } from "./_simd.ts";
import { matmul, transpose, zeros } from "./matrix.ts";
import { spectrogram, stftShape } from "./stft.ts";

Deno.test("the embedded WebAssembly was built from the C source in the repository (else: deno task build-simd)", async () => {
  const source = await Deno.readFile(new URL("./_simd_kernels.c", import.meta.url));
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", source)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(SOURCE_SHA256, hex);
});

/** Relative Frobenius distance of two complex matrices. */
function relDiff(a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.re.length; i++) {
    num += (a.re[i] - b.re[i]) ** 2 + (a.im[i] - b.im[i]) ** 2;
    den += b.re[i] ** 2 + b.im[i] ** 2;
  }
  return Math.sqrt(num / den);
}

Deno.test("cqt() in float32 SIMD agrees with the float64 JavaScript reference to float32 precision", () => {
  const sr = 22050;
  let s = 7;
  const noise = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  // Lengths whose frame counts leave 1, 2, 3 and 0 frames for the last group of four; one shorter than a frame.
  for (const length of [3 * sr, 5 * 512 + 7, 6 * 512, 7 * 512 + 300, 600]) {
    const y = Float32Array.from({ length }, (_, i) => 0.3 * Math.sin(i * 0.05) + 0.2 * noise());
    const opts = { nBins: 252, binsPerOctave: 36, tuning: -0.1 };
    const a = cqt(y, sr, { ...opts, precision: "float32" }), b = cqt(y, sr, { ...opts, precision: "float64" });
    assert.equal(a.cols, b.cols);
    const d = relDiff(a, b);
    assert.ok(d < 1e-6, `length ${length}: relative difference ${d}`);
  }
  const zeros = cqt(new Float32Array(sr), sr, { nBins: 84 });
  assert.ok(zeros.re.every((v) => v === 0) && zeros.im.every((v) => v === 0), "silence stays exactly zero");
});

Deno.test("stftPowerSimd() is bit for bit the JavaScript STFT's power and magnitude, for odd and even frame counts", () => {
  for (const length of [66150, 66150 - 512, 700, 1]) {
    const y = Float32Array.from({ length }, (_, i) => Math.sin(i * 0.031) * Math.cos(i * 0.0007) + (i % 13) / 50);
    const { frames, bins } = stftShape(length, { nFft: 2048, hopLength: 512 });
    const { power, magnitude } = stftPowerSimd(y, { nFft: 2048, hopLength: 512, frames });
    assert.equal(power.rows, frames);
    assert.equal(power.cols, bins);
    const ref = spectrogram(y, { nFft: 2048, hopLength: 512, power: 2 });
    for (let t = 0; t < frames; t++) {
      for (let k = 0; k < bins; k++) {
        const p = ref.data[k * frames + t];
        assert.equal(power.data[t * bins + k], p, `length ${length}, frame ${t}, bin ${k}`);
        assert.equal(magnitude.data[t * bins + k], Math.sqrt(p));
      }
    }
  }
});

Deno.test("projectFramesSimd() is bit for bit matmul() with the bins-major spectrogram, with and without minWeight", () => {
  let s = 3;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (const frames of [1, 2, 7]) {
    const w = { rows: 13, cols: 40, data: Float64Array.from({ length: 520 }, () => (rand() < 0.4 ? 0 : rand() - 0.3)) };
    const S = { rows: 40, cols: frames, data: Float64Array.from({ length: 40 * frames }, rand) };
    for (const minWeight of [0, 0.2]) {
      assert.deepEqual(projectFramesSimd(w, transpose(S), { minWeight }), matmul(w, S, { minWeight }));
    }
  }
  assert.throws(() => projectFramesSimd(zeros(2, 3), zeros(4, 2)), /shape mismatch: \[2, 3\] · \[2, 4\]/);
});
