import { framesOf, type SignalOrSpectrogram } from "./_input.ts";
import { type Matrix, zeros } from "./matrix.ts";
import { powerToDb } from "./power_to_db.ts";
import { fftFrequencies } from "./stft.ts";

/** Options for {@linkcode spectralContrast}, as librosa's. */
export interface SpectralContrastOptions {
  /** FFT size. Default 2048. */
  nFft?: number;
  /** Hop length when computing the STFT. Default `nFft / 4`. */
  hopLength?: number;
  /** Upper edge of the first band, Hz. Default 200. */
  fMin?: number;
  /** Number of octave bands above the first. Default 6. */
  nBands?: number;
  /** Fraction of each band's bins averaged for the peak and the valley. Default 0.02. */
  quantile?: number;
}

/**
 * Spectral contrast, as `librosa.feature.spectral_contrast(y, sr)` (Jiang et al., 2002).
 *
 * Band edges are `[0, fMin, 2 fMin, …, 2^nBands fMin]`. Band k takes the bins with `f_low ≤ f ≤ f_high`, plus the
 * bin below (k > 0), minus its last bin (k < nBands), and the top band runs to Nyquist. With
 * `q = max(1, rint(quantile × count))`, the peak and valley are the means of the q largest and q smallest
 * magnitudes, and contrast = `powerToDb(peak) − powerToDb(valley)` (each with its own 80 dB floor).
 *
 * @param input Samples, or a precomputed magnitude spectrogram.
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nBands + 1][frames]` in dB.
 * @throws {RangeError} If a band edge reaches the Nyquist rate, or quantile is outside (0, 1).
 * @example
 * const contrast = spectralContrast(y, 22050); // 7 rows
 */
export function spectralContrast(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: SpectralContrastOptions = {},
): Matrix {
  const { nBands = 6, quantile = 0.02 } = options;
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`\`quantile\` must lie in (0, 1): received ${quantile}`);
  if (!Number.isInteger(nBands) || nBands < 1) {
    throw new RangeError(`\`nBands\` must be a positive integer: received ${nBands}`);
  }
  return spectralContrastFrames(framesOf(input, 1, options.nFft, options.hopLength), sampleRate, options);
}

/** Bin range and quantile count of each band: band k covers `lo … lo + n − 1` and averages `q` values. */
export function contrastBands(
  sampleRate: number,
  bins: number,
  options: SpectralContrastOptions = {},
): { lo: number; n: number; q: number }[] {
  const { fMin = 200, nBands = 6, quantile = 0.02 } = options;
  const freq = fftFrequencies(sampleRate, (bins - 1) * 2);
  const edges = [0, ...Array.from({ length: nBands + 1 }, (_, i) => fMin * 2 ** i)];
  if (edges.slice(0, -1).some((e) => e >= sampleRate / 2)) {
    throw new RangeError(
      `spectral contrast band edge ${edges[nBands]} Hz reaches the Nyquist rate ${
        sampleRate / 2
      } Hz; reduce fMin or nBands`,
    );
  }
  const bands: { lo: number; n: number; q: number }[] = [];
  for (let k = 0; k <= nBands; k++) {
    let first = -1, last = -1;
    for (let i = 0; i < freq.length; i++) {
      if (freq[i] >= edges[k] && freq[i] <= edges[k + 1]) {
        if (first < 0) first = i;
        last = i;
      }
    }
    let lo = first, hi = last; // inclusive range of the band's bins
    if (k > 0) lo = first - 1;
    if (k === nBands) hi = freq.length - 1;
    const count = hi - lo + 1;
    const subHi = k < nBands ? hi - 1 : hi;
    bands.push({ lo, n: subHi - lo + 1, q: Math.max(1, roundHalfEven(quantile * count)) });
  }
  return bands;
}

/** Contrast in dB from the band peaks and valleys: `powerToDb(peak) − powerToDb(valley)`. */
export function contrastFromPeaks(peak: Matrix, valley: Matrix): Matrix {
  const pDb = powerToDb(peak), vDb = powerToDb(valley);
  for (let i = 0; i < pDb.data.length; i++) pDb.data[i] -= vDb.data[i];
  return pDb;
}

/** {@linkcode spectralContrast} of a frame-major (`[frames][bins]`) magnitude spectrogram. */
function spectralContrastFrames(
  frames: Matrix,
  sampleRate: number,
  options: SpectralContrastOptions = {},
): Matrix {
  const B = frames.cols, T = frames.rows, sd = frames.data;
  const bands = contrastBands(sampleRate, B, options);
  const peak = zeros(bands.length, T), valley = zeros(bands.length, T);
  bands.forEach(({ lo, n, q }, k) => {
    const low = new Float64Array(q), high = new Float64Array(q);
    for (let t = 0; t < T; t++) {
      // The q smallest and q largest values, kept sorted by insertion (q is small: ⌈2 %⌉ of a band).
      const base = t * B + lo;
      let nl = 0, nh = 0;
      for (let i = 0; i < n; i++) {
        const v = sd[base + i];
        if (nl < q || v < low[nl - 1]) {
          let j = nl < q ? nl++ : nl - 1;
          while (j > 0 && low[j - 1] > v) low[j] = low[--j];
          low[j] = v;
        }
        if (nh < q || v > high[nh - 1]) {
          let j = nh < q ? nh++ : nh - 1;
          while (j > 0 && high[j - 1] < v) high[j] = high[--j];
          high[j] = v;
        }
      }
      let v = 0, p = 0;
      for (let i = 0; i < q; i++) {
        v += low[i];
        p += high[i];
      }
      valley.data[k * T + t] = v / q;
      peak.data[k * T + t] = p / q;
    }
  });
  return contrastFromPeaks(peak, valley);
}

/** `np.rint`: round half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
