import { resample, type ResamplerName } from "../audio/resample.ts";
import type { ComplexMatrix } from "./matrix.ts";
import { estimateTuning } from "./piptrack.ts";
import { forEachFrame, stftShape } from "./stft.ts";
import { cqtOctaveSimd } from "./simd.ts";
import { cqtBases, type OctaveBasis, relativeBandwidth } from "./_cqt_basis.ts";
import { memo } from "./_memo.ts";

/** C1 in Hz (MIDI 24): librosa's default CQT `fmin`. */
export const C1_HZ = 440 * 2 ** ((24 - 69) / 12);

/** Equivalent noise bandwidth of the Hann window in bins, from librosa's `WINDOW_BANDWIDTHS`. */
const HANN_BANDWIDTH = 1.50018310546875;

/** Options for {@linkcode cqt}, as librosa.cqt's. */
export interface CqtOptions {
  /** Hop in samples at the input rate; must be divisible by 2^(octaves − 1). Default 512. */
  hopLength?: number;
  /** Frequency of the lowest bin before tuning, Hz. Default C1 ≈ 32.70 Hz. */
  fMin?: number;
  /** Number of bins. Default 84. */
  nBins?: number;
  /** Bins per octave. Default 12. */
  binsPerOctave?: number;
  /** Tuning in fractions of a bin, or `null` to estimate it with {@linkcode estimateTuning}. Default 0. */
  tuning?: number | null;
  /** Filter length scale. Default 1. */
  filterScale?: number;
  /** Drop the smallest filter-spectrum coefficients holding this fraction of each filter's L1 mass. Default 0.01. */
  sparsity?: number;
  /** Resampler for the octave-by-octave halving; librosa uses libsoxr HQ. Default `"auto"`. */
  resType?: ResamplerName | "auto";
  /**
   * Arithmetic of the filtering: `"float32"`, as librosa (complex64), on WebAssembly SIMD four frames at a time; or
   * `"float64"` in JavaScript, as a reference. The two differ by ~1e-6 relative. Default `"float32"`.
   */
  precision?: "float32" | "float64";
}

/**
 * Constant-Q transform, as `librosa.cqt(y, sr, …)` (librosa 0.10's recursive VQT with gamma 0; Schörkhuber &
 * Klapuri, "Constant-Q transform toolbox for music processing", 2010).
 *
 * Bin k has centre `f_k = fMin · 2^{tuning / bpo} · 2^{k / bpo}`. Octaves are processed from the top: each one's
 * filters are applied to an STFT (rectangular window, hop `hopLength / 2^i`) of the signal halved i times with the
 * same resampler as loading (libsoxr HQ, scaled by √2 per halving), and every bin is finally divided by
 * `√(Q · sr / f_k)`. Filter bases are cached per rate, tuning and shape.
 *
 * @param y Samples (float32, as librosa uses).
 * @param sampleRate Sampling rate in Hz.
 * @returns Complex `[nBins][frames]`.
 * @throws {RangeError} If the top filter would exceed the Nyquist rate, or the hop cannot be halved for every octave.
 * @example
 * const C = cqt(y, 22050, { nBins: 252, binsPerOctave: 36, tuning: null });
 */
export function cqt(y: Float32Array, sampleRate: number, options: CqtOptions = {}): ComplexMatrix {
  const {
    hopLength = 512,
    fMin = C1_HZ,
    nBins = 84,
    binsPerOctave = 12,
    filterScale = 1,
    sparsity = 0.01,
    resType = "auto",
    precision = "float32",
  } = options;
  const tuning = options.tuning === undefined ? 0 : options.tuning ?? estimateTuning(y, sampleRate, { binsPerOctave });
  const nOctaves = Math.ceil(nBins / binsPerOctave);
  const nFilters = Math.min(binsPerOctave, nBins);
  const fmin = fMin * 2 ** (tuning / binsPerOctave);
  const freqs = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) {
    freqs[k] = fmin * (2 ** Math.floor(k / binsPerOctave) * 2 ** ((k % binsPerOctave) / binsPerOctave));
  }
  const alpha = relativeBandwidth(freqs);
  let cutoff = 0;
  for (let k = 0; k < nBins; k++) {
    cutoff = Math.max(cutoff, freqs[k] * (1 + 0.5 * HANN_BANDWIDTH * alpha[k] / filterScale));
  }
  if (cutoff > sampleRate / 2) {
    throw new RangeError(
      `CQT filter cutoff ${cutoff.toFixed(1)} Hz exceeds the Nyquist rate ${sampleRate / 2} Hz; reduce nBins`,
    );
  }
  if (hopLength % 2 ** (nOctaves - 1) !== 0) {
    throw new RangeError(
      `\`hopLength\` ${hopLength} must be divisible by 2^${nOctaves - 1} for a ${nOctaves}-octave CQT`,
    );
  }
  // librosa's early downsampling: only when the top filter sits far below Nyquist (not the case for the seed).
  const early = Math.min(
    Math.max(0, Math.ceil(Math.log2(sampleRate / 2 / cutoff)) - 1 - 1),
    Math.max(0, twoFactors(hopLength) - nOctaves + 1),
  );
  let rate = sampleRate, hop = hopLength, signal = y;
  if (early > 0) {
    const factor = 2 ** early;
    hop /= factor;
    signal = halve(signal, factor, resType);
    rate /= factor;
  }
  // One basis per rate, tuning and shape; estimated tunings fall on a 0.01 grid, so a corpus needs ~100 of them. Each is
  // one octave's filters reused for every octave (freqs / rate is the same in each; see _cqt_basis.ts).
  const bases = memo(
    "cqt-basis",
    [rate, fmin, nBins, binsPerOctave, filterScale, sparsity],
    () => cqtBases(rate, freqs, alpha, { nOctaves, nFilters, filterScale, sparsity }),
  );
  const responses: ComplexMatrix[] = [];
  for (let i = 0; i < nOctaves; i++) {
    responses.push(octaveResponse(signal, bases[i], hop, precision));
    if (i < nOctaves - 1) {
      hop /= 2;
      signal = halve(signal, 2, resType);
    }
  }
  const C = stackOctaves(responses, nBins);
  const T = C.cols;
  for (let k = 0; k < nBins; k++) {
    const s = 1 / Math.sqrt((filterScale / alpha[k]) * sampleRate / freqs[k]);
    for (let t = 0; t < T; t++) {
      C.re[k * T + t] *= s;
      C.im[k * T + t] *= s;
    }
  }
  return C;
}

/** One octave's filters applied to the STFT of its (halved) signal: WebAssembly SIMD in float32, else float64. */
function octaveResponse(
  signal: Float32Array,
  basis: OctaveBasis,
  hop: number,
  precision: "float32" | "float64",
): ComplexMatrix {
  const { frames: T } = stftShape(signal.length, { nFft: basis.nFft, hopLength: hop });
  const { nRows, start, bins, re: wr, im: wi } = basis;
  if (precision === "float32") {
    basis.f32 ??= { ...basis, re: Float32Array.from(wr), im: Float32Array.from(wi) };
    const r = cqtOctaveSimd(signal, basis.f32, { hopLength: hop, frames: T });
    return { rows: nRows, cols: T, re: Float64Array.from(r.re), im: Float64Array.from(r.im) };
  }
  const out = { rows: nRows, cols: T, re: new Float64Array(nRows * T), im: new Float64Array(nRows * T) };
  // Apply the sparse filters to each frame's spectrum as it is produced (librosa: fft_basis · STFT).
  const lo = basis.lo;
  forEachFrame(signal, { nFft: basis.nFft, hopLength: hop, window: "ones" }, (t, dr, di) => {
    for (let j = 0; j < nRows; j++) {
      let sumRe = 0, sumIm = 0;
      for (let m = start[j], end = start[j + 1]; m < end; m++) {
        const k = lo + bins[m];
        sumRe += wr[m] * dr[k] - wi[m] * di[k];
        sumIm += wr[m] * di[k] + wi[m] * dr[k];
      }
      out.re[j * T + t] = sumRe;
      out.im[j * T + t] = sumIm;
    }
  });
  return out;
}

/** The octaves' responses trimmed to the shortest and stacked into `[nBins][frames]`, the top octave last. */
function stackOctaves(responses: ComplexMatrix[], nBins: number): ComplexMatrix {
  const T = Math.min(...responses.map((r) => r.cols));
  const C: ComplexMatrix = { rows: nBins, cols: T, re: new Float64Array(nBins * T), im: new Float64Array(nBins * T) };
  let end = nBins;
  for (const r of responses) {
    const take = Math.min(r.rows, end);
    for (let j = 0; j < take; j++) {
      const src = (r.rows - take + j) * r.cols, dst = (end - take + j) * T;
      C.re.set(r.re.subarray(src, src + T), dst);
      C.im.set(r.im.subarray(src, src + T), dst);
    }
    end -= r.rows;
  }
  return C;
}

/** Downsample by an integer factor as `librosa.resample(y, orig_sr=factor, target_sr=1, scale=True)`. */
function halve(y: Float32Array, factor: number, resType: ResamplerName | "auto"): Float32Array {
  const out = resample(y, { origSr: factor, targetSr: 1, resType }).y.slice();
  const s = Math.sqrt(factor);
  for (let i = 0; i < out.length; i++) out[i] = out[i] * s;
  return out;
}

function twoFactors(x: number): number {
  let n = 0;
  while (x > 0 && x % 2 === 0) {
    n++;
    x /= 2;
  }
  return n;
}
