import { type SignalOrSpectrogram, spectrogramOf } from "./_input.ts";
import { matmul, type Matrix, zeros } from "./matrix.ts";
import { fftFrequencies } from "./stft.ts";
import { memo } from "./_memo.ts";

/** Options for {@linkcode melFilterBank}. */
export interface MelFilterBankOptions {
  /** FFT size. The bank has `nFft / 2 + 1` columns. Default 2048. */
  nFft?: number;
  /** Number of mel bands (rows). Default 128. */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fMin?: number;
  /** Highest band edge in Hz. Default `sampleRate / 2`. */
  fMax?: number;
  /** Use the HTK mel scale instead of Slaney's. Default false. */
  htk?: boolean;
  /** `"slaney"` area normalisation (each triangle scaled by `2 / (f[k+2] − f[k])`) or `null`. Default `"slaney"`. */
  norm?: "slaney" | null;
}

const F_SP = 200 / 3, MIN_LOG_HZ = 1000, MIN_LOG_MEL = MIN_LOG_HZ / F_SP, LOGSTEP = Math.log(6.4) / 27;

/**
 * Hz to mel, as `librosa.hz_to_mel`. Slaney: linear `f / (200/3)` below 1 kHz, `15 + ln(f / 1000) / (ln 6.4 / 27)`
 * above. HTK: `2595 log10(1 + f / 700)`.
 *
 * @example
 * hzToMel(1000); // 15
 */
export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
}

/**
 * Mel to Hz, the inverse of {@linkcode hzToMel}.
 *
 * @example
 * melToHz(15); // 1000
 */
export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/**
 * Mel filter bank with Slaney's scale and area normalisation, as `librosa.filters.mel`.
 *
 * Band k is a triangle from mel point k to k + 2 (of `nMels + 2` points evenly spaced in mel between fMin and
 * fMax), scaled by `2 / (f[k+2] − f[k])` when `norm` is `"slaney"`. Weights are rounded to float32 as librosa's are.
 * Banks are cached per parameter set; treat the result as read-only.
 *
 * @param sampleRate Sampling rate in Hz.
 * @param options See {@linkcode MelFilterBankOptions}.
 * @returns `[nMels][nFft / 2 + 1]` weights.
 * @throws {RangeError} If `nMels` is not a positive integer or `fMax` exceeds the Nyquist rate.
 * @example
 * const bank = melFilterBank(22050, { nFft: 2048, nMels: 128 });
 */
export function melFilterBank(sampleRate: number, options: MelFilterBankOptions = {}): Matrix {
  const { nFft = 2048, nMels = 128, fMin = 0, htk = false, norm = "slaney" } = options;
  const fMax = options.fMax ?? sampleRate / 2;
  return memo(
    "mel",
    [sampleRate, nFft, nMels, fMin, fMax, htk, norm],
    () => buildMel(sampleRate, nFft, nMels, fMin, fMax, htk, norm),
  );
}

function buildMel(
  sampleRate: number,
  nFft: number,
  nMels: number,
  fMin: number,
  fMax: number,
  htk: boolean,
  norm: string | null,
): Matrix {
  if (!Number.isInteger(nMels) || nMels < 1) {
    throw new RangeError(`\`nMels\` must be a positive integer: received ${nMels}`);
  }
  if (fMax > sampleRate / 2 + 1e-9) {
    throw new RangeError(`\`fMax\` must not exceed the Nyquist rate ${sampleRate / 2} Hz: received ${fMax}`);
  }
  const fft = fftFrequencies(sampleRate, nFft);
  const lo = hzToMel(fMin, htk), hi = hzToMel(fMax, htk);
  const n = nMels + 2, melF = new Float64Array(n);
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) melF[i] = melToHz(i === n - 1 ? hi : lo + i * step, htk);
  const bank = zeros(nMels, fft.length);
  for (let m = 0; m < nMels; m++) {
    const d0 = melF[m + 1] - melF[m], d1 = melF[m + 2] - melF[m + 1];
    const enorm = norm === "slaney" ? 2 / (melF[m + 2] - melF[m]) : 1;
    for (let k = 0; k < fft.length; k++) {
      const lower = -(melF[m] - fft[k]) / d0;
      const upper = (melF[m + 2] - fft[k]) / d1;
      const w = Math.max(0, Math.min(lower, upper));
      bank.data[m * fft.length + k] = Math.fround(w * enorm);
    }
  }
  return bank;
}

/** Options for {@linkcode melSpectrogram}: the filter bank's, plus the STFT's when a signal is given. */
export interface MelSpectrogramOptions extends MelFilterBankOptions {
  /** Hop length in samples when computing the STFT. Default `nFft / 4`. */
  hopLength?: number;
}

/**
 * Mel-scaled power spectrogram, as `librosa.feature.melspectrogram(y, sr)`: `M = melFilterBank · |STFT|²`.
 *
 * @param input Samples, or a precomputed power spectrogram `[nFft/2 + 1][frames]`.
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nMels][frames]` power.
 * @throws {RangeError} As {@linkcode melFilterBank} and the STFT.
 * @example
 * const M = melSpectrogram(y, 22050); // M.rows === 128
 */
export function melSpectrogram(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: MelSpectrogramOptions = {},
): Matrix {
  const S = spectrogramOf(input, 2, options.nFft, options.hopLength);
  const nFft = options.nFft ?? (S.rows - 1) * 2;
  return matmul(melFilterBank(sampleRate, { ...options, nFft }), S);
}
