import type { ResamplerName } from "../audio/resample.ts";
import { chromaFilterBank, normaliseColumnsMax } from "./chroma_stft.ts";
import { tonnetz } from "./tonnetz.ts";
import { chromaCqt } from "./chroma_cqt.ts";
import { frameMeans } from "./matrix.ts";
import { melFilterBank } from "./mel.ts";
import { dctOrtho } from "./mfcc.ts";
import { peakRange, tuningFromPeaks } from "./piptrack.ts";
import { powerToDb } from "./power_to_db.ts";
import { contrastBands, contrastFromPeaks } from "./spectral_contrast.ts";
import { fftFrequencies, stftShape } from "./stft.ts";
import { SimdSpectrum } from "./simd.ts";
import { zeroCrossingRate } from "./zero_crossing_rate.ts";

/** The seed's feature groups, in vector order, with their sizes. */
export const FEATURE_GROUPS = [
  { name: "mfcc", size: 40 },
  { name: "chroma", size: 12 },
  { name: "mel", size: 128 },
  { name: "contrast", size: 7 },
  { name: "tonnetz", size: 6 },
  { name: "zcr", size: 1 },
  { name: "rolloff", size: 1 },
] as const;

/** Name of a feature group. */
export type FeatureGroup = typeof FEATURE_GROUPS[number]["name"];

/** Number of features per clip: 195. */
export const FEATURE_COUNT = FEATURE_GROUPS.reduce((n, g) => n + g.size, 0);

/** Column names in vector order: `mfcc_0 … mfcc_39, chroma_0 … chroma_11, mel_0 … mel_127, contrast_0 … contrast_6, tonnetz_0 … tonnetz_5, zcr, rolloff`. */
export const FEATURE_NAMES: readonly string[] = FEATURE_GROUPS.flatMap((g) =>
  g.size === 1 ? [g.name] : Array.from({ length: g.size }, (_, i) => `${g.name}_${i}`)
);

/**
 * Revision of the implementation, part of the feature cache's key but not of {@linkcode FEATURE_CONFIG}: bumped
 * whenever the values {@linkcode extractFeatures} returns change in any bit, so cached vectors are recomputed (a model
 * trained on cached and fresh vectors that differ in the 7th digit can land on a different epoch), while models trained
 * with an earlier revision still load. 2: the CQT runs in float32 on WebAssembly SIMD (values move by ~1e-7).
 */
export const FEATURE_REVISION = 2;

/** The feature configuration, recorded with cached features and trained models so mismatches are caught. */
export const FEATURE_CONFIG = {
  version: 1,
  sampleRate: 22050,
  duration: 3,
  nFft: 2048,
  hopLength: 512,
  nMfcc: 40,
  nMels: 128,
  layout: FEATURE_GROUPS.map((g) => `${g.name}${g.size}`).join(","),
} as const;

/** Options for {@linkcode extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** Resampler for the CQT's octave halving. Default `"auto"`. */
  resType?: ResamplerName | "auto";
  /** When given, milliseconds spent per feature group are added to it. */
  timings?: Partial<Record<FeatureGroup | "stft", number>>;
}

/**
 * The seed's 195 features for one clip, as its `extract_features` computes them with librosa 0.10 defaults: each
 * feature's mean over frames, in the order 40 MFCC, 12 chroma_stft, 128 mel, 7 spectral contrast, 6 tonnetz, ZCR,
 * roll-off (see {@linkcode FEATURE_NAMES}).
 *
 * The STFT (n_fft 2048, hop 512, periodic Hann, centred with zero padding) is computed once and shared: its power
 * feeds mel, MFCC and chroma_stft; its magnitude feeds spectral contrast, roll-off and the CQT's tuning estimate. Both
 * are kept frame-major, so every per-frame kernel reads a contiguous spectrum.
 *
 * @param y Mono samples, normally `loadAudio(path, { sampleRate: 22050, duration: 3 }).y`.
 * @param sampleRate Sampling rate in Hz. Default 22050.
 * @returns `Float32Array(195)`.
 * @throws {RangeError} If `y` is empty.
 * @example
 * const { y, sampleRate } = await loadAudio("clip.wav", { duration: 3 });
 * const features = extractFeatures(y, sampleRate);
 */
export function extractFeatures(
  y: Float32Array,
  sampleRate = 22050,
  options: ExtractFeaturesOptions = {},
): Float32Array {
  if (y.length === 0) throw new RangeError("cannot extract features from an empty signal (0 samples)");
  const tm = options.timings;
  let t0 = performance.now();
  const lap = (key: FeatureGroup | "stft") => {
    if (!tm) return;
    const t = performance.now();
    tm[key] = (tm[key] ?? 0) + (t - t0);
    t0 = t;
  };
  // The shared STFT stays in the SIMD module's memory (float64, frame-major) while everything that reads it runs
  // there; each of these steps is bit for bit its JavaScript building block.
  const { frames, bins } = stftShape(y.length, { nFft: 2048, hopLength: 512 });
  const spectrum = SimdSpectrum.open(y, { nFft: 2048, hopLength: 512, frames });
  let mel, mfcc, chroma, contrast, rolloff, cqtTuning;
  try {
    lap("stft");
    mel = spectrum.project(melFilterBank(sampleRate, { nFft: 2048, nMels: 128 }), "power");
    lap("mel");
    // The DCT is linear, so the mean of the per-frame MFCCs is the DCT of the mean dB mel spectrum (40 × 128
    // products instead of 40 × 128 × frames).
    mfcc = dctOrtho({ rows: mel.rows, cols: 1, data: frameMeans(powerToDb(mel)) }, 40);
    lap("mfcc");
    const range = peakRange(sampleRate, bins);
    const peaksOf = (which: "power" | "magnitude") => spectrum.peaks(which, { ...range, threshold: 0.1, sampleRate });
    const p12 = peaksOf("power");
    const tuning = tuningFromPeaks(p12.pitches, p12.magnitudes, { binsPerOctave: 12 });
    chroma = normaliseColumnsMax(
      spectrum.project(chromaFilterBank(sampleRate, { nFft: 2048, tuning }), "power", { minWeight: 1e-12 }),
    );
    lap("chroma");
    const { peak, valley } = spectrum.contrastPeaks(contrastBands(sampleRate, bins));
    contrast = contrastFromPeaks(peak, valley);
    lap("contrast");
    const freq = fftFrequencies(sampleRate, 2048);
    rolloff = {
      rows: 1,
      cols: frames,
      data: Float64Array.from(spectrum.rolloffBins(0.85), (k) => k < 0 ? 0 : freq[k]),
    };
    lap("rolloff");
    const p36 = peaksOf("magnitude");
    cqtTuning = tuningFromPeaks(p36.pitches, p36.magnitudes, { binsPerOctave: 36 });
  } finally {
    spectrum.close();
  }
  const ton = tonnetz(chromaCqt(y, sampleRate, { tuning: cqtTuning, resType: options.resType }), sampleRate, {
    isChroma: true,
  });
  lap("tonnetz");
  const zcr = zeroCrossingRate(y);
  lap("zcr");
  const out = new Float32Array(FEATURE_COUNT);
  let at = 0;
  for (const m of [mfcc, chroma, mel, contrast, ton, zcr, rolloff]) {
    out.set(frameMeans(m), at);
    at += m.rows;
  }
  return out;
}
