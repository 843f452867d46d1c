import { delta } from "./delta.ts";
import { type Matrix } from "./matrix.ts";
import { melFilterBank } from "./mel.ts";
import { dctOrtho } from "./mfcc.ts";
import { powerToDb } from "./power_to_db.ts";
import { spectralContrast } from "./spectral_contrast.ts";
import { fftFrequencies, spectrogram } from "./stft.ts";
import { trim } from "./trim.ts";
import { yin } from "./yin.ts";
import { percentileBySelection } from "./_select.ts";
import { zeroCrossingRate } from "./zero_crossing_rate.ts";

/** The analysis settings of the pooled frame-descriptor features (the `pooled` feature set). */
export const POOLED_CONFIG = {
  name: "pooled",
  version: 2,
  sampleRate: 16000,
  /** Seconds of each file analysed (the whole clip, up to this long). */
  maxDuration: 20,
  trimTopDb: 40,
  nFft: 512,
  hopLength: 160,
  nMfcc: 20,
  nMels: 64,
  contrastBands: 5,
  f0Min: 60,
  f0Max: 500,
  yinFrameLength: 1024,
} as const;

/** The per-frame descriptors, in row order (133 rows). */
const FRAME_ROWS: string[] = [
  ...Array.from({ length: 20 }, (_, i) => `mfcc${i}`),
  ...Array.from({ length: 20 }, (_, i) => `mfcc${i}_d`),
  ...Array.from({ length: 20 }, (_, i) => `mfcc${i}_dd`),
  ...Array.from({ length: 64 }, (_, i) => `logmel${i}`),
  "log_rms",
  "zcr",
  "centroid",
  ...Array.from({ length: 6 }, (_, i) => `contrast${i}`),
];
const STATS = ["mean", "std", "p10", "p90", "slope"] as const;

/**
 * Names of the 676 pooled features: each frame descriptor's mean, std, p10, p90 and slope; F0 and voicing; and the
 * voice-quality measures.
 */
export const POOLED_FEATURE_NAMES: readonly string[] = [
  ...STATS.flatMap((s) => FRAME_ROWS.map((r) => `${r}_${s}`)),
  "logf0_mean",
  "logf0_std",
  "logf0_p10",
  "logf0_p90",
  "voiced_fraction",
  "duration_s",
  "jitter_mean",
  "jitter_median",
  "shimmer_mean",
  "shimmer_median",
  "voiced_segments_per_s",
];

/** Number of pooled features: 676. */
export const POOLED_FEATURE_COUNT = POOLED_FEATURE_NAMES.length;

/**
 * Mean, population std, p10, p90 and slope of each row. The slope is the least-squares line's over the clip mapped to
 * [−1, 1]: `Σ x_t τ_t / Σ τ_t²` with `τ` evenly spaced from −1 to 1 (how the descriptor rises or falls across the clip).
 */
function poolRows(m: Matrix, out: Float32Array, row0: number, rowsTotal: number): void {
  const T = m.cols, tmp = new Float64Array(T), tau = new Float64Array(T);
  let tt = 0;
  for (let t = 0; t < T; t++) tt += (tau[t] = T > 1 ? -1 + (2 * t) / (T - 1) : 0) ** 2;
  for (let r = 0; r < m.rows; r++) {
    let s = 0, st = 0;
    for (let t = 0; t < T; t++) {
      const v = tmp[t] = m.data[r * T + t];
      s += v;
      st += v * tau[t];
    }
    const mean = s / T;
    let v = 0;
    for (let t = 0; t < T; t++) v += (tmp[t] - mean) ** 2;
    const p10 = percentileBySelection(tmp, 10), p90 = percentileBySelection(tmp, 90);
    const stats = [mean, Math.sqrt(v / T), p10, p90, tt > 0 ? st / tt : 0];
    stats.forEach((x, k) => (out[k * rowsTotal + row0 + r] = x));
  }
}

/**
 * Root-mean-square energy per frame from a magnitude spectrogram, as `librosa.feature.rms(S=S, frame_length=nFft)`:
 * `√(2 Σ_f |S_f|² / nFft²)` with the DC and Nyquist bins halved.
 */
export function rmsFromSpectrogram(S: Matrix, nFft: number): Float64Array {
  const F = S.rows, T = S.cols, out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let p = 0;
    for (let f = 0; f < F; f++) {
      const v = S.data[f * T + t] ** 2;
      p += f === 0 || (f === F - 1 && nFft % 2 === 0) ? 0.5 * v : v;
    }
    out[t] = Math.sqrt((2 * p) / (nFft * nFft));
  }
  return out;
}

/**
 * Spectral centroid per frame from a magnitude spectrogram, as `librosa.feature.spectral_centroid(S=S, sr)`:
 * `Σ_f freq_f |S_f| / Σ_f |S_f|` (0 for a silent frame).
 */
export function spectralCentroid(S: Matrix, sampleRate: number, nFft: number): Float64Array {
  const F = S.rows, T = S.cols, freq = fftFrequencies(sampleRate, nFft), out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let num = 0, den = 0;
    for (let f = 0; f < F; f++) {
      const v = S.data[f * T + t];
      num += freq[f] * v;
      den += v;
    }
    out[t] = den > 1e-300 ? num / den : 0;
  }
  return out;
}

/**
 * The `pooled` feature set: frame descriptors at 16 kHz, 10 ms hops, pooled over the clip — the recipe measured on
 * RAVDESS as the floor for a speaker-independent model (README, "Models").
 *
 * 1. Trim leading and trailing silence (`top_db` 40) and pad to at least one 2048-sample frame.
 * 2. Per frame (n_fft 512, hop 160): 20 MFCC with Δ and ΔΔ (width 9), 64 log-mel bands (Slaney, `power_to_db`),
 *    log RMS (`ln(rms + 1e-6)`), zero-crossing rate, spectral centroid, 6 spectral-contrast rows (5 octave bands from
 *    200 Hz): 133 rows.
 * 3. Pool each row by mean, std, 10th and 90th percentile, and slope over the clip (665 values).
 * 4. YIN F0 (60–500 Hz, frame 1024) over voiced frames — RMS above 10 % of the clip's loudest and F0 inside
 *    (61, 499) Hz — as log F0 mean, std, p10, p90; the voiced fraction; and the trimmed duration in seconds.
 * 5. Voice quality at frame level: jitter as |Δ ln F0| and shimmer as |Δ ln RMS| between consecutive voiced frames
 *    (mean and median of each), and voiced segments per second (of 10 ms frames).
 *
 * @param y Mono samples at `POOLED_CONFIG.sampleRate` (16 kHz), the whole clip.
 * @param sampleRate Rate in Hz. Default 16000.
 * @returns `Float32Array(676)`, named by {@linkcode POOLED_FEATURE_NAMES}.
 * @throws {RangeError} If `y` is empty.
 * @example
 * const { y } = await loadAudio("clip.wav", { sampleRate: 16000 });
 * const v = extractPooledFeatures(y);
 */
export function extractPooledFeatures(y: Float32Array, sampleRate = 16000): Float32Array {
  if (y.length === 0) throw new RangeError("cannot extract features from an empty signal (0 samples)");
  const c = POOLED_CONFIG;
  let x = trim(y, { topDb: c.trimTopDb }).y;
  if (x.length < 2048) {
    const padded = new Float32Array(2048);
    padded.set(x);
    x = padded;
  }
  const mag = spectrogram(x, { nFft: c.nFft, hopLength: c.hopLength, power: 1 });
  const T = mag.cols;
  const power: Matrix = { rows: mag.rows, cols: T, data: mag.data.map((v) => v * v) };
  const bank = melFilterBank(sampleRate, { nFft: c.nFft, nMels: c.nMels });
  const mel: Matrix = { rows: c.nMels, cols: T, data: new Float64Array(c.nMels * T) };
  for (let m = 0; m < c.nMels; m++) {
    for (let f = 0; f < bank.cols; f++) {
      const w = bank.data[m * bank.cols + f];
      if (w === 0) continue;
      for (let t = 0; t < T; t++) mel.data[m * T + t] += w * power.data[f * T + t];
    }
  }
  const logmel = powerToDb(mel);
  const mf = dctOrtho(logmel, c.nMfcc);
  const rms = rmsFromSpectrogram(mag, c.nFft);
  const zcr = zeroCrossingRate(x, { frameLength: c.nFft, hopLength: c.hopLength });
  const row = (data: ArrayLike<number>): Matrix => ({ rows: 1, cols: T, data: Float64Array.from(data).subarray(0, T) });
  const blocks: Matrix[] = [
    mf,
    delta(mf, { order: 1 }),
    delta(mf, { order: 2 }),
    logmel,
    row(Array.from(rms, (v) => Math.log(v + 1e-6))),
    row(zcr.data),
    row(spectralCentroid(mag, sampleRate, c.nFft)),
    spectralContrast(mag, sampleRate, { nFft: c.nFft, nBands: c.contrastBands }),
  ];
  const out = new Float32Array(POOLED_FEATURE_COUNT);
  let r0 = 0;
  for (const b of blocks) {
    poolRows(b, out, r0, FRAME_ROWS.length);
    r0 += b.rows;
  }
  const f0 = yin(x, sampleRate, {
    fMin: c.f0Min,
    fMax: c.f0Max,
    frameLength: c.yinFrameLength,
    hopLength: c.hopLength,
  });
  let rmax = 0;
  for (const v of rms) rmax = Math.max(rmax, v);
  const voiced: number[] = [];
  const nf = Math.min(f0.length, T), isVoiced = new Uint8Array(nf);
  for (let t = 0; t < nf; t++) {
    if (rms[t] > 0.1 * rmax && f0[t] > c.f0Min + 1 && f0[t] < c.f0Max - 1) {
      voiced.push(Math.log(f0[t]));
      isVoiced[t] = 1;
    }
  }
  const at = STATS.length * FRAME_ROWS.length;
  if (voiced.length > 1) {
    const lf = Float64Array.from(voiced);
    const mean = voiced.reduce((a, b) => a + b, 0) / voiced.length;
    out[at] = mean;
    out[at + 1] = Math.sqrt(voiced.reduce((a, b) => a + (b - mean) ** 2, 0) / voiced.length);
    out[at + 2] = percentileBySelection(lf, 10);
    out[at + 3] = percentileBySelection(lf, 90);
  }
  out[at + 4] = voiced.length / nf;
  out[at + 5] = x.length / sampleRate;
  const jitter: number[] = [], shimmer: number[] = [];
  let segments = 0;
  for (let t = 1; t < nf; t++) {
    if (isVoiced[t] && !isVoiced[t - 1]) segments++;
    if (isVoiced[t] && isVoiced[t - 1]) {
      jitter.push(Math.abs(Math.log(f0[t]) - Math.log(f0[t - 1])));
      shimmer.push(Math.abs(Math.log(rms[t] + 1e-6) - Math.log(rms[t - 1] + 1e-6)));
    }
  }
  const meanOf = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
  const medianOf = (v: number[]) => (v.length ? percentileBySelection(Float64Array.from(v), 50) : 0);
  out.set([meanOf(jitter), medianOf(jitter), meanOf(shimmer), medianOf(shimmer), segments / (nf / 100)], at + 6);
  return out;
}
