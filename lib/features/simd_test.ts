import assert from "node:assert/strict";
import { SOURCE_SHA256 } from "./_simd_kernels.ts";
import { cqt } from "./cqt.ts";
import { SimdSpectrum } from "./simd.ts";
import { chromaFilterBank } from "./chroma_stft.ts";
import { melFilterBank } from "./mel.ts";
import { peakRange, piptrack } from "./piptrack.ts";
import { contrastBands, contrastFromPeaks, spectralContrast } from "./spectral_contrast.ts";
import { spectralRolloff } from "./spectral_rolloff.ts";
import { matmul, transpose } from "./matrix.ts";
import { fftFrequencies, spectrogram, stftShape } from "./stft.ts";

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
  // The 20 s signal makes the module's memory grow past its initial 1 MiB.
  for (const length of [3 * sr, 5 * 512 + 7, 6 * 512, 7 * 512 + 300, 600, 20 * sr]) {
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

Deno.test("SimdSpectrum's STFT and every kernel on it are bit for bit the JavaScript building blocks", () => {
  const sr = 22050;
  for (const length of [66150, 66150 - 512, 700, 1]) {
    const y = Float32Array.from({ length }, (_, i) => Math.sin(i * 0.031) * Math.cos(i * 0.0007) + (i % 13) / 50);
    const { frames, bins } = stftShape(length, { nFft: 2048, hopLength: 512 });
    const spectrum = SimdSpectrum.open(y, { nFft: 2048, hopLength: 512, frames });
    try {
      const power = spectrum.get("power"), magnitude = spectrum.get("magnitude");
      const ref = spectrogram(y, { nFft: 2048, hopLength: 512, power: 2 });
      assert.deepEqual(power, transpose(ref), `power, length ${length}`);
      assert.deepEqual(magnitude.data, power.data.map(Math.sqrt), `magnitude, length ${length}`);
      const mag = transpose(magnitude);
      const mel = melFilterBank(sr, { nFft: 2048, nMels: 128 });
      assert.deepEqual(spectrum.project(mel, "power"), matmul(mel, ref));
      const chroma = chromaFilterBank(sr, { nFft: 2048, tuning: 0.1 });
      assert.deepEqual(
        spectrum.project(chroma, "power", { minWeight: 1e-3 }),
        matmul(chroma, ref, { minWeight: 1e-3 }),
      );
      const { peak, valley } = spectrum.contrastPeaks(contrastBands(sr, bins));
      assert.deepEqual(contrastFromPeaks(peak, valley), spectralContrast(mag, sr));
      const freq = fftFrequencies(sr, 2048);
      assert.deepEqual(
        Float64Array.from(spectrum.rolloffBins(0.85), (k) => (k < 0 ? 0 : freq[k])),
        spectralRolloff(mag, sr).data,
      );
      for (const [which, S] of [["power", ref], ["magnitude", mag]] as const) {
        const found = spectrum.peaks(which, { ...peakRange(sr, bins), threshold: 0.1, sampleRate: sr });
        const want = piptrack(S, sr), pitches: number[] = [], mags: number[] = [];
        for (let t = 0; t < frames; t++) {
          for (let k = 0; k < bins; k++) {
            if (want.pitches.data[k * frames + t] > 0) {
              pitches.push(want.pitches.data[k * frames + t]);
              mags.push(want.magnitudes.data[k * frames + t]);
            }
          }
        }
        assert.deepEqual(found.pitches, Float64Array.from(pitches), `${which} peaks, length ${length}`);
        assert.deepEqual(found.magnitudes, Float64Array.from(mags));
      }
    } finally {
      spectrum.close();
    }
  }
  assert.throws(() => {
    const a = SimdSpectrum.open(new Float32Array(100), { nFft: 2048, hopLength: 512, frames: 1 });
    try {
      SimdSpectrum.open(new Float32Array(100), { nFft: 2048, hopLength: 512, frames: 1 });
    } finally {
      a.close();
    }
  }, /already open/);
});
