import { realFft } from "./fft.ts";
import type { ComplexMatrix, Matrix } from "./matrix.ts";

/** Window shapes the STFT accepts. */
export type WindowName = "hann" | "ones";

/** Options for {@linkcode stft}, as librosa.stft's. */
export interface StftOptions {
  /** FFT size in samples, a power of two. Default 2048. */
  nFft?: number;
  /** Hop between frames in samples. Default `nFft / 4`. */
  hopLength?: number;
  /** Window: `"hann"` (periodic, scipy's `get_window("hann", nFft)`) or `"ones"`. Default `"hann"`. */
  window?: WindowName;
  /** Pad `nFft / 2` zeros on both sides so frame t is centred at `y[t × hopLength]`. Default true. */
  center?: boolean;
}

/**
 * Periodic window of length n, as `scipy.signal.get_window(name, n, fftbins=True)`.
 *
 * Hann: `w[i] = 0.5 − 0.5 cos(2πi / n)`.
 *
 * @example
 * getWindow("hann", 4); // [0, 0.5, 1, 0.5]
 */
export function getWindow(name: WindowName, n: number): Float64Array {
  const w = new Float64Array(n);
  if (name === "ones") return w.fill(1);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/**
 * Short-time Fourier transform, as `librosa.stft(y, n_fft, hop_length, window, center, pad_mode="constant")`.
 *
 * `D[f, t] = Σ_n w[n] · y[t·hop + n − nFft/2] · e^{−2πi f n / nFft}` for `f = 0 … nFft/2`, with zeros outside y.
 * There are `1 + ⌊len(y) / hopLength⌋` frames when centred (`1 + ⌊(len(y) − nFft) / hopLength⌋` otherwise).
 *
 * @param y Signal samples.
 * @param options See {@linkcode StftOptions}.
 * @returns Complex `[nFft/2 + 1][frames]`.
 * @throws {RangeError} If `nFft` is not a power of two, `hopLength` is not a positive integer, or an uncentred
 *   signal is shorter than `nFft`.
 * @example
 * const D = stft(y, { nFft: 2048, hopLength: 512 }); // D.rows === 1025
 */
export function stft(y: ArrayLike<number>, options: StftOptions = {}): ComplexMatrix {
  const { bins, frames } = stftShape(y.length, options);
  const re = new Float64Array(bins * frames), im = new Float64Array(bins * frames);
  forEachFrame(y, options, (t, fr, fi) => {
    for (let f = 0; f < bins; f++) {
      re[f * frames + t] = fr[f];
      im[f * frames + t] = fi[f];
    }
  });
  return { rows: bins, cols: frames, re, im };
}

/**
 * `|STFT(y)|^power` without keeping the phase, as librosa's internal `_spectrogram(y, power=…)`: 1 gives the
 * magnitude, 2 the power spectrogram. Same framing and options as {@linkcode stft}.
 *
 * @param y Signal samples.
 * @param options See {@linkcode StftOptions}, plus `power` (default 1).
 * @returns `[nFft/2 + 1][frames]`.
 * @throws {RangeError} As {@linkcode stft}.
 * @example
 * const S = spectrogram(y, { power: 2 }); // power spectrogram
 */
export function spectrogram(y: ArrayLike<number>, options: StftOptions & { power?: number } = {}): Matrix {
  const { power = 1 } = options;
  const { bins, frames } = stftShape(y.length, options);
  const data = new Float64Array(bins * frames);
  forEachFrame(y, options, (t, fr, fi) => {
    for (let f = 0, at = t; f < bins; f++, at += frames) {
      const p = fr[f] * fr[f] + fi[f] * fi[f];
      data[at] = power === 2 ? p : power === 1 ? Math.sqrt(p) : Math.pow(p, power / 2);
    }
  });
  return { rows: bins, cols: frames, data };
}

/** Bins and frames of an STFT of `length` samples. Internal. */
export function stftShape(length: number, options: StftOptions): { bins: number; frames: number } {
  const { nFft = 2048, center = true } = options;
  const hop = options.hopLength ?? Math.floor(nFft / 4);
  if (!Number.isInteger(nFft) || nFft < 2 || (nFft & (nFft - 1)) !== 0) {
    throw new RangeError(`\`nFft\` must be a power of two ≥ 2: received ${nFft}`);
  }
  if (!Number.isInteger(hop) || hop < 1) {
    throw new RangeError(`\`hopLength\` must be a positive integer: received ${hop}`);
  }
  const padded = length + (center ? nFft : 0);
  if (padded < nFft) {
    throw new RangeError(`signal of ${length} samples is shorter than \`nFft\` = ${nFft} with center=false`);
  }
  return { bins: (nFft >> 1) + 1, frames: 1 + Math.floor((padded - nFft) / hop) };
}

/**
 * Run the FFT of every frame and hand its spectrum (valid for the call only) to `visit`. Internal: shared with
 * the CQT, which applies its filters frame by frame instead of storing the STFT.
 */
export function forEachFrame(
  y: ArrayLike<number>,
  options: StftOptions,
  visit: (t: number, re: Float64Array, im: Float64Array) => void,
): void {
  const { nFft = 2048, window = "hann", center = true } = options;
  const hop = options.hopLength ?? Math.floor(nFft / 4);
  const { bins, frames } = stftShape(y.length, options);
  const pad = center ? nFft >> 1 : 0;
  const fr = new Float64Array(bins), fi = new Float64Array(bins);
  const plan = realFft(nFft);
  const w = window === "ones" ? undefined : cachedWindow(window, nFft);
  for (let t = 0; t < frames; t++) {
    plan.forward(y, fr, fi, t * hop - pad, w);
    visit(t, fr, fi);
  }
}

const windows = new Map<string, Float64Array>();
function cachedWindow(name: WindowName, n: number): Float64Array {
  const key = `${name}:${n}`;
  let w = windows.get(key);
  if (!w) windows.set(key, w = getWindow(name, n));
  return w;
}

/**
 * `|D|^power` of a complex spectrogram: power 1 gives the magnitude, 2 the power spectrogram.
 *
 * @example
 * const S = magnitude(stft(y), 2);
 */
export function magnitude(D: ComplexMatrix, power = 1): Matrix {
  const n = D.re.length, data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = D.re[i] * D.re[i] + D.im[i] * D.im[i];
    data[i] = power === 2 ? p : power === 1 ? Math.sqrt(p) : Math.pow(p, power / 2);
  }
  return { rows: D.rows, cols: D.cols, data };
}

/**
 * Centre frequency of each STFT bin in Hz, as `librosa.fft_frequencies`: `f_k = k · sampleRate / nFft`.
 *
 * @example
 * fftFrequencies(22050, 2048)[1024]; // 11025
 */
export function fftFrequencies(sampleRate: number, nFft: number): Float64Array {
  const bins = (nFft >> 1) + 1, out = new Float64Array(bins);
  // np.linspace(0, sr / 2, bins): start + i × step, with the last point set to the stop exactly.
  const step = sampleRate / 2 / (bins - 1);
  for (let i = 0; i < bins; i++) out[i] = i * step;
  out[bins - 1] = sampleRate / 2;
  return out;
}
