import { complexFft } from "./fft.ts";
import { yinAcfSimd } from "./simd.ts";

/** Options for {@linkcode yin}, as `librosa.yin`'s. */
export interface YinOptions {
  /** Lowest F0 searched, Hz. Required. */
  fMin: number;
  /** Highest F0 searched, Hz. Required. */
  fMax: number;
  /** Frame length in samples (a power of two). Default 2048. */
  frameLength?: number;
  /** Window of the difference function. Default `frameLength / 2`. */
  winLength?: number;
  /** Hop in samples. Default `frameLength / 4`. */
  hopLength?: number;
  /** Absolute threshold on the cumulative mean normalised difference. Default 0.1. */
  troughThreshold?: number;
  /** Pad `frameLength / 2` zeros on both sides. Default true. */
  center?: boolean;
  /**
   * Run the FFTs in the WebAssembly SIMD kernel (float32 input only; the same results bit for bit, ~5× faster).
   * Default true; false runs the TypeScript reference.
   */
  simd?: boolean;
}

/**
 * Fundamental frequency per frame by YIN (de Cheveigné & Kawahara, 2002), as `librosa.yin`.
 *
 * For each frame x (W = winLength): the difference function `d(τ) = r(0) + e(τ) − 2 acf(τ)` with
 * `acf(τ) = Σ_{j=1}^{W} x_j x_{j+τ}` and `e(τ) = Σ_{j=τ+1}^{τ+W} x_j²` (librosa's indexing), normalised by its
 * cumulative mean `d'(τ) = d(τ) / (mean_{1≤t≤τ} d(t))` for `τ ∈ [⌊sr/fMax⌋, min(⌈sr/fMin⌉, L − W − 1)]`; the period is
 * the first local minimum below `troughThreshold` (else the global minimum), refined by parabolic interpolation.
 *
 * @param y Samples.
 * @param sampleRate Rate in Hz.
 * @returns F0 in Hz per frame (`1 + ⌊len(y) / hop⌋` frames when centred). Every frame gets an estimate (YIN has no
 *   voicing decision).
 * @throws {RangeError} If the range is empty or the frame too short for `fMin`.
 * @example
 * const f0 = yin(y, 16000, { fMin: 60, fMax: 500, frameLength: 1024, hopLength: 160 });
 */
export function yin(y: ArrayLike<number>, sampleRate: number, options: YinOptions): Float64Array {
  const { fMin, fMax, frameLength = 2048, troughThreshold = 0.1, center = true } = options;
  const W = options.winLength ?? Math.floor(frameLength / 2);
  const hop = options.hopLength ?? Math.floor(frameLength / 4);
  if (!(fMin > 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw new RangeError(`YIN needs 0 < fMin < fMax ≤ sr/2: received fMin ${fMin}, fMax ${fMax}, sr ${sampleRate}`);
  }
  const minPeriod = Math.floor(sampleRate / fMax);
  const maxPeriod = Math.min(Math.ceil(sampleRate / fMin), frameLength - W - 1);
  if (maxPeriod <= minPeriod) throw new RangeError(`frameLength ${frameLength} is too short for fMin ${fMin} Hz`);
  const pad = center ? frameLength >> 1 : 0;
  const n = y.length + 2 * pad;
  if (n < frameLength) throw new RangeError(`signal of ${y.length} samples is shorter than one frame`);
  const frames = 1 + Math.floor((n - frameLength) / hop);
  const L = frameLength, fft = complexFft(L);
  const zr = new Float64Array(L), zi = new Float64Array(L), pr = new Float64Array(L), pi = new Float64Array(L);
  const x = new Float64Array(L), e = new Float64Array(L + 1);
  const d = new Float64Array(maxPeriod + 1), dn = new Float64Array(maxPeriod + 1);
  const f0 = new Float64Array(frames);
  const taus = maxPeriod + 1;
  const acfAll = options.simd !== false && y instanceof Float32Array
    ? yinAcfSimd(y, { frameLength: L, winLength: W, hopLength: hop, pad, frames, taus })
    : null;
  for (let t = 0; t < frames; t++) {
    const start = t * hop - pad;
    // Only the first W + taus samples' energies are used; the FFT path needs the whole frame.
    const used = acfAll ? W + taus : L;
    for (let i = 0; i < used; i++) {
      const k = start + i;
      x[i] = k >= 0 && k < y.length ? y[k] : 0;
    }
    if (acfAll) pr.set(acfAll.subarray(t * taus, (t + 1) * taus), W);
    else acfByFft(x, W, fft, zr, zi, pr, pi);
    e[0] = 0;
    // Energies in float32, as numpy's cumulative sum of the float32 frame.
    for (let i = 0; i < used; i++) e[i + 1] = Math.fround(e[i] + Math.fround(x[i] * x[i]));
    let e0 = 0;
    for (let tau = 0; tau <= maxPeriod; tau++) {
      let acf = pr[W + tau] / L;
      if (Math.abs(acf) < 1e-6) acf = 0;
      let en = Math.fround(e[W + tau + 1] - e[tau + 1]);
      if (Math.abs(en) < 1e-6) en = 0;
      if (tau === 0) e0 = en;
      d[tau] = e0 + en - 2 * acf;
    }
    // Cumulative mean normalised difference for τ in [minPeriod, maxPeriod].
    let cum = 0;
    for (let tau = 1; tau <= maxPeriod; tau++) {
      cum += d[tau];
      dn[tau] = d[tau] / (cum / tau + 2.2250738585072014e-308);
    }
    const lo = minPeriod, count = maxPeriod - lo + 1;
    let best = -1, globalMin = 0;
    for (let i = 0; i < count; i++) {
      const v = dn[lo + i];
      if (v < dn[lo + globalMin]) globalMin = i;
      if (best >= 0) continue;
      const prev = i > 0 ? dn[lo + i - 1] : v, next = i < count - 1 ? dn[lo + i + 1] : v;
      const trough = i === 0 ? count > 1 && v < dn[lo + 1] : v < prev && v <= next;
      if (trough && v < troughThreshold) best = i;
    }
    const idx = best >= 0 ? best : globalMin;
    let shift = 0;
    if (idx > 0 && idx < count - 1) {
      const a = dn[lo + idx + 1] + dn[lo + idx - 1] - 2 * dn[lo + idx];
      const b = (dn[lo + idx + 1] - dn[lo + idx - 1]) / 2;
      shift = Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
    }
    f0[t] = sampleRate / (minPeriod + idx + shift);
  }
  return f0;
}

/** `pr[W + τ]` = L · acf(τ) of frame `x`, by two complex FFTs (the TypeScript reference of `yinAcfSimd`). */
function acfByFft(
  x: Float64Array,
  W: number,
  fft: ReturnType<typeof complexFft>,
  zr: Float64Array,
  zi: Float64Array,
  pr: Float64Array,
  pi: Float64Array,
): void {
  const L = x.length;
  // acf by FFT: z = x + i·r with r[k] = x[W − k] (k < W), so the product of their spectra is the correlation.
  for (let i = 0; i < L; i++) {
    zr[i] = x[i];
    zi[i] = i < W ? x[W - i] : 0;
  }
  fft.transform(zr, zi);
  for (let k = 0; k < L; k++) {
    const m = (L - k) % L;
    // X = (Z[k] + conj Z[L−k]) / 2, R = (Z[k] − conj Z[L−k]) / 2i; P = X·R, conjugated for the inverse transform.
    const ar = 0.5 * (zr[k] + zr[m]), ai = 0.5 * (zi[k] - zi[m]);
    const br = 0.5 * (zi[k] + zi[m]), bi = -0.5 * (zr[k] - zr[m]);
    pr[k] = ar * br - ai * bi;
    pi[k] = -(ar * bi + ai * br);
  }
  fft.transform(pr, pi); // conj(FFT(conj P)) / L = IFFT(P); only the real part is needed
}
