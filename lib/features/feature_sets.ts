import { resample } from "../audio/resample.ts";
import { extractFeatures, FEATURE_CONFIG, FEATURE_COUNT, FEATURE_NAMES, FEATURE_REVISION } from "./extract_features.ts";
import { extractPooledFeatures, POOLED_CONFIG, POOLED_FEATURE_COUNT, POOLED_FEATURE_NAMES } from "./pooled_features.ts";
import { applyView, POOLED_VIEWS } from "./feature_views.ts";

/** The feature sets a model can be trained on. */
export type FeatureSetName = "original" | "pooled" | "mfcc" | "level-free";

/** A feature set: how clips are loaded for it, how many features it gives, and the function that computes them. */
export interface FeatureSet {
  name: FeatureSetName;
  /** Features per clip. */
  count: number;
  /** One line for reports, e.g. "the original project's 195 librosa-identical features (first 3 s at 22,050 Hz)". */
  summary: string;
  /** Column names. */
  names: readonly string[];
  /** Analysis rate in Hz. */
  sampleRate: number;
  /** Seconds loaded from each file: `original` reads the first 3 s; `pooled` reads whole clips up to this length. */
  duration: number;
  /** Configuration recorded with cached features and models (a mismatch is refused at prediction). */
  config: Record<string, unknown>;
  /** Implementation revision, part of the cache key (bumped whenever values change in any bit). */
  revision: number;
  /** One clip's feature vector from samples at `sampleRate`. */
  extract(y: Float32Array): Float32Array;
}

/** The `mfcc` set's columns: the pooled set's MFCC statistics and those of their Δ and ΔΔ. */
const MFCC_COLUMNS = POOLED_FEATURE_NAMES.flatMap((n, i) => (/^mfcc\d+_/.test(n) ? [i] : []));

/**
 * The feature sets:
 * - `original`: the original project's 195 librosa features (first 3 s at 22,050 Hz, frame means);
 * - `pooled`: 676 values: frame descriptors at 16 kHz pooled by mean/std/p10/p90/slope, YIN F0, voicing and voice
 *   quality (whole clip);
 * - `mfcc`: the pooled set's cepstral columns alone (MFCC, Δ, ΔΔ statistics): the classic SER baseline, for ablations;
 * - `level-free`: the pooled set with the clip's level taken out (`feature_views.ts`'s `level` view: the mean log-mel
 *   energy subtracted from every level-bearing statistic), so that a recording played louder or quieter, short of
 *   clipping or the noise floor, gives the same vector — invariance by construction instead of by augmentation.
 */
export const FEATURE_SETS: Record<FeatureSetName, FeatureSet> = {
  original: {
    name: "original",
    count: FEATURE_COUNT,
    summary:
      `the original project's ${FEATURE_COUNT} librosa-identical features (frame means of the first 3 s at 22,050 Hz)`,
    names: FEATURE_NAMES,
    sampleRate: FEATURE_CONFIG.sampleRate,
    duration: FEATURE_CONFIG.duration,
    config: FEATURE_CONFIG,
    revision: FEATURE_REVISION,
    extract: (y) => extractFeatures(y, FEATURE_CONFIG.sampleRate),
  },
  pooled: {
    name: "pooled",
    count: POOLED_FEATURE_COUNT,
    summary:
      `${POOLED_FEATURE_COUNT} pooled frame descriptors (MFCC, log-mel, energy, spectral shape, F0, voice quality)`,
    names: POOLED_FEATURE_NAMES,
    sampleRate: POOLED_CONFIG.sampleRate,
    duration: POOLED_CONFIG.maxDuration,
    config: POOLED_CONFIG,
    revision: 1,
    extract: (y) => extractPooledFeatures(y, POOLED_CONFIG.sampleRate),
  },
  mfcc: {
    name: "mfcc",
    count: MFCC_COLUMNS.length,
    summary: `${MFCC_COLUMNS.length} pooled MFCC statistics (MFCC, Δ and ΔΔ: the pooled set's cepstral columns alone)`,
    names: MFCC_COLUMNS.map((i) => POOLED_FEATURE_NAMES[i]),
    sampleRate: POOLED_CONFIG.sampleRate,
    duration: POOLED_CONFIG.maxDuration,
    config: { ...POOLED_CONFIG, columns: "mfcc" },
    revision: 1,
    extract: (y) => {
      const all = extractPooledFeatures(y, POOLED_CONFIG.sampleRate);
      return Float32Array.from(MFCC_COLUMNS, (i) => all[i]);
    },
  },
  "level-free": {
    name: "level-free",
    count: POOLED_FEATURE_COUNT,
    summary: `${POOLED_FEATURE_COUNT} pooled frame descriptors with the clip's level taken out (level-invariant)`,
    names: POOLED_FEATURE_NAMES,
    sampleRate: POOLED_CONFIG.sampleRate,
    duration: POOLED_CONFIG.maxDuration,
    config: { ...POOLED_CONFIG, view: "level" },
    revision: 1,
    extract: (y) =>
      applyView(POOLED_VIEWS.level, extractPooledFeatures(y, POOLED_CONFIG.sampleRate), POOLED_FEATURE_COUNT),
  },
};

/** Former names still read (older artifacts, caches and flags): `seed` was the original project's set. */
const FEATURE_SET_ALIASES: Record<string, FeatureSetName> = { seed: "original" };

/** A feature set's name, its former spelling (`seed`) read as today's (`original`); unknown names pass through. */
export function featureSetName(name: string): string {
  return FEATURE_SET_ALIASES[name] ?? name;
}

/**
 * The feature set of a name (or a former name: `seed` is `original`).
 *
 * @throws {RangeError} For an unknown name.
 * @example
 * featureSet("pooled").count; // 676
 */
export function featureSet(name: string): FeatureSet {
  const s = FEATURE_SETS[featureSetName(name) as FeatureSetName];
  if (!s) throw new RangeError(`unknown feature set "${name}" (expected ${Object.keys(FEATURE_SETS).join(" or ")})`);
  return s;
}

/**
 * A feature set's vector of mono samples at any rate: its window of them (the first `set.duration` seconds), resampled
 * to its rate — exactly what `predict` computes for a clip loaded with `loadAudio(file, { sampleRate, duration })`.
 *
 * @param y Mono samples at `rate` Hz.
 * @example
 * const v = featuresOfSamples(FEATURE_SETS.pooled, window, 48000);
 */
export function featuresOfSamples(set: FeatureSet, y: Float32Array, rate: number): Float32Array {
  const native = y.subarray(0, Math.trunc(set.duration * rate));
  return set.extract(rate === set.sampleRate ? native : resample(native, { origSr: rate, targetSr: set.sampleRate }).y);
}
