import { framesOf, type SignalOrSpectrogram } from "./_input.ts";
import type { Matrix } from "./matrix.ts";
import { fftFrequencies } from "./stft.ts";
import { median } from "./_select.ts";

/** Options for {@linkcode piptrack}, as librosa's. */
export interface PiptrackOptions {
  /** FFT size. Default 2048. */
  nFft?: number;
  /** Lowest frequency searched, Hz. Default 150. */
  fMin?: number;
  /** Highest frequency searched (exclusive), Hz. Default 4000 (capped at Nyquist). */
  fMax?: number;
  /** A peak must exceed `threshold × max(S[:, t])` of its frame. Default 0.1. */
  threshold?: number;
}

/** Pitches and magnitudes per bin and frame; zero where no peak was found. */
export interface PiptrackResult {
  /** `[bins][frames]` instantaneous frequency in Hz. */
  pitches: Matrix;
  /** `[bins][frames]` interpolated magnitude. */
  magnitudes: Matrix;
}

/**
 * Pitch tracking on thresholded parabolically-interpolated STFT peaks, as `librosa.piptrack`.
 *
 * For each frame, a bin k in [fMin, fMax) whose value exceeds `threshold × max` and is a local maximum
 * (`S[k] > S[k−1]` and `S[k] ≥ S[k+1]`) gets pitch `(k + δ) · sr / nFft` and magnitude `S[k] + ½ · g[k] · δ`, where
 * `δ = −b / a` with `a = S[k+1] + S[k−1] − 2S[k]`, `b = (S[k+1] − S[k−1]) / 2` (0 when |b| ≥ |a|), and g is
 * `np.gradient` along frequency.
 *
 * @param input Samples (a magnitude STFT is computed), or a spectrogram to use as given (librosa's `S=`).
 * @param sampleRate Sampling rate in Hz.
 * @example
 * const { pitches, magnitudes } = piptrack(y, 22050);
 */
export function piptrack(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: PiptrackOptions = {},
): PiptrackResult {
  const S = framesOf(input, 1, options.nFft ?? 2048);
  const { rows: T, cols: B } = S;
  const pitches = new Float64Array(B * T), mags = new Float64Array(B * T);
  forEachPeak(S, sampleRate, options, (k, t, pitch, mag) => {
    pitches[k * T + t] = pitch;
    mags[k * T + t] = mag;
  });
  return { pitches: { rows: B, cols: T, data: pitches }, magnitudes: { rows: B, cols: T, data: mags } };
}

/** First and last bin searched for peaks: those with `fMin ≤ f < fMax` (bin 0 never). Internal. */
export function peakRange(
  sampleRate: number,
  bins: number,
  options: PiptrackOptions = {},
): { kLo: number; kHi: number } {
  const fMin = Math.max(options.fMin ?? 150, 0), fMax = Math.min(options.fMax ?? 4000, sampleRate / 2);
  const freqs = fftFrequencies(sampleRate, (bins - 1) * 2);
  let kLo = bins, kHi = 0;
  for (let k = 1; k < bins; k++) {
    if (freqs[k] >= fMin && freqs[k] < fMax) {
      kLo = Math.min(kLo, k);
      kHi = Math.max(kHi, k);
    }
  }
  return { kLo, kHi };
}

/** The peaks {@linkcode piptrack} keeps, one call per (bin, frame), without allocating `[bins][frames]` matrices. */
function forEachPeak(
  frames: Matrix,
  sampleRate: number,
  options: PiptrackOptions,
  visit: (k: number, t: number, pitch: number, magnitude: number) => void,
): void {
  const { threshold = 0.1 } = options;
  const { rows: T, cols: B, data: s } = frames;
  const nFftEff = (B - 1) * 2;
  const { kLo, kHi } = peakRange(sampleRate, B, options);
  const col = new Float64Array(B), masked = new Float64Array(B);
  for (let t = 0; t < T; t++) {
    let max = 0;
    for (let k = 0, at = t * B; k < B; k++, at++) {
      const v = Math.abs(s[at]);
      col[k] = v;
      if (v > max) max = v;
    }
    const ref = threshold * max;
    // librosa's `S * (S > ref)`: values at or below the frame's threshold are zeroed before the local-max test.
    for (let k = Math.max(0, kLo - 1); k <= Math.min(B - 1, kHi + 1); k++) masked[k] = col[k] > ref ? col[k] : 0;
    for (let k = kLo; k <= kHi; k++) {
      const v = masked[k];
      if (!(k === B - 1 ? v > masked[k - 1] : v > masked[k - 1] && v >= masked[k + 1])) continue;
      let shift = 0, grad: number;
      if (k < B - 1) {
        const a = col[k + 1] + col[k - 1] - 2 * col[k];
        const b = (col[k + 1] - col[k - 1]) / 2;
        shift = Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
        grad = b;
      } else {
        grad = col[k] - col[k - 1];
      }
      visit(k, t, (k + shift) * sampleRate / nFftEff, col[k] + 0.5 * grad * shift);
    }
  }
}

/**
 * Tuning offset (fraction of a bin) of a set of frequencies, as `librosa.pitch_tuning`: the most common
 * deviation `bpo · log2(f / (440/16)) mod 1`, wrapped to [−0.5, 0.5), in a histogram of `⌈1 / resolution⌉` bins.
 *
 * @param frequencies Frequencies in Hz; non-positive ones are ignored.
 * @param options.resolution Histogram bin width in fractions of a bin. Default 0.01.
 * @param options.binsPerOctave Bins per octave. Default 12.
 * @returns The left edge of the fullest histogram bin, or 0 for an empty set.
 * @example
 * pitchTuning([440 * 2 ** (0.25 / 12)]); // 0.25
 */
export function pitchTuning(
  frequencies: ArrayLike<number>,
  options: { resolution?: number; binsPerOctave?: number } = {},
): number {
  const { resolution = 0.01, binsPerOctave = 12 } = options;
  const nBins = Math.ceil(1 / resolution);
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i <= nBins; i++) edges[i] = i * step - 0.5;
  edges[nBins] = 0.5;
  const counts = new Uint32Array(nBins);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    any = true;
    const octs = Math.log2(f / (440 / 16));
    let r = binsPerOctave * octs;
    r = r - Math.floor(r); // np.mod(x, 1.0) for positive divisor
    if (r >= 0.5) r -= 1;
    // np.histogram: index from the uniform spacing, then corrected against the exact edges.
    let idx = Math.floor((r + 0.5) * nBins);
    if (idx >= nBins) idx = nBins - 1;
    if (idx < 0) idx = 0;
    if (r < edges[idx]) idx--;
    else if (idx < nBins - 1 && r >= edges[idx + 1]) idx++;
    if (idx >= 0 && idx < nBins) counts[idx]++;
  }
  if (!any) return 0;
  let best = 0;
  for (let i = 1; i < nBins; i++) if (counts[i] > counts[best]) best = i;
  return edges[best];
}

/**
 * Estimate the tuning deviation of a signal, as `librosa.estimate_tuning`: piptrack peaks whose magnitude is at
 * least the median peak magnitude, passed to {@linkcode pitchTuning}.
 *
 * @param input Samples, or a spectrogram (librosa's `S=`; chroma_stft passes the power spectrogram).
 * @param sampleRate Sampling rate in Hz.
 * @returns Tuning in fractions of a bin, in [−0.5, 0.5).
 * @example
 * const tuning = estimateTuning(y, 22050, { binsPerOctave: 36 });
 */
export function estimateTuning(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: PiptrackOptions & { resolution?: number; binsPerOctave?: number } = {},
): number {
  return estimateTuningFrames(framesOf(input, 1, options.nFft ?? 2048), sampleRate, options);
}

/** {@linkcode estimateTuning} of a frame-major (`[frames][bins]`) spectrogram. */
function estimateTuningFrames(
  frames: Matrix,
  sampleRate: number,
  options: PiptrackOptions & { resolution?: number; binsPerOctave?: number } = {},
): number {
  const pitches: number[] = [], mags: number[] = [];
  forEachPeak(frames, sampleRate, options, (_k, _t, pitch, mag) => {
    if (pitch > 0) {
      pitches.push(pitch);
      mags.push(mag);
    }
  });
  return tuningFromPeaks(Float64Array.from(pitches), Float64Array.from(mags), options);
}

/**
 * The tuning of piptrack's peaks (pitches in Hz > 0 and their magnitudes): {@linkcode pitchTuning} of the pitches whose
 * magnitude is at least the median. Internal.
 */
export function tuningFromPeaks(
  pitches: Float64Array,
  mags: Float64Array,
  options: { resolution?: number; binsPerOctave?: number } = {},
): number {
  const threshold = mags.length > 0 ? median(mags.slice()) : 0;
  const freqs = pitches.filter((_, i) => mags[i] >= threshold);
  return pitchTuning(freqs, options);
}
