/**
 * Views of the pooled features: linear transforms of one feature vector that hide what varies with the microphone and
 * the recording level, so members of an ensemble see the same clip with different invariances.
 *
 * - `as-measured`: the vector itself;
 * - `level`: the clip's level (the mean log-mel energy, dB) taken out of every level-bearing statistic — the log-mel
 *   bands' mean and percentiles, MFCC 0's (8 × the level, the orthonormal DCT of a constant shift over 64 bands) and
 *   the log RMS's (× ln 10 / 20);
 * - `relative`: each MFCC, log-mel band and the log RMS relative to its own clip mean (cepstral mean normalisation at
 *   the clip level): the mean is zeroed and the 10th and 90th percentiles become distances from it.
 *
 * Each view is `T = I + E` with `E` sparse, so it applies to a vector or, transposed, to a layer's weights (which is
 * how a trained member's view is folded into its first layer: `lib/model/families/_mlp_ensemble.ts`).
 *
 * @module
 */
import { POOLED_FEATURE_NAMES } from "./pooled_features.ts";

/** A view: its name, and `E` as triplets (row, column, coefficient) of `T = I + E`. */
export interface FeatureView {
  name: string;
  summary: string;
  rows: Int32Array;
  cols: Int32Array;
  coefs: Float64Array;
}

const index = new Map(POOLED_FEATURE_NAMES.map((n, i) => [n, i]));
const at = (row: string, stat: string) => index.get(`${row}_${stat}`)!;
const MFCC = Array.from({ length: 20 }, (_, i) => `mfcc${i}`);
const LOGMEL = Array.from({ length: 64 }, (_, i) => `logmel${i}`);
const LEVEL_STATS = ["mean", "p10", "p90"];

function view(name: string, summary: string, entries: [number, number, number][]): FeatureView {
  return {
    name,
    summary,
    rows: Int32Array.from(entries, (e) => e[0]),
    cols: Int32Array.from(entries, (e) => e[1]),
    coefs: Float64Array.from(entries, (e) => e[2]),
  };
}

/** The level view's entries: every level-bearing statistic minus its multiple of the clip level. */
function levelEntries(): [number, number, number][] {
  const level = LOGMEL.map((b) => at(b, "mean")); // L = mean of these
  const shifts: [string, number][] = [...LOGMEL.map((b): [string, number] => [b, 1]), ["mfcc0", 8], [
    "log_rms",
    Math.LN10 / 20,
  ]];
  return shifts.flatMap(([row, k]) =>
    LEVEL_STATS.flatMap((s) => level.map((j): [number, number, number] => [at(row, s), j, -k / level.length]))
  );
}

/** The relative view's entries: percentiles minus the mean, the mean minus itself. */
function relativeEntries(): [number, number, number][] {
  return [...MFCC, ...LOGMEL, "log_rms"].flatMap((row): [number, number, number][] => {
    const m = at(row, "mean");
    return [[at(row, "p10"), m, -1], [at(row, "p90"), m, -1], [m, m, -1]];
  });
}

/** The pooled features' views, by name. */
export const POOLED_VIEWS: Record<string, FeatureView> = {
  "as-measured": view("as-measured", "the pooled features as measured", []),
  level: view("level", "the clip's level taken out", levelEntries()),
  relative: view("relative", "each spectral descriptor relative to its clip mean", relativeEntries()),
};

/**
 * `T x` for row-major rows of `dim` features (a new array).
 *
 * @example
 * const z = applyView(POOLED_VIEWS.relative, x, 676);
 */
export function applyView(v: FeatureView, x: Float32Array, dim: number): Float32Array {
  const out = Float32Array.from(x);
  for (let r = 0; r < x.length; r += dim) {
    for (let k = 0; k < v.rows.length; k++) out[r + v.rows[k]] += v.coefs[k] * x[r + v.cols[k]];
  }
  return out;
}

/**
 * `Tᵀ y` for one vector of `dim` values (a new array).
 *
 * @example
 * const w = applyViewTransposed(POOLED_VIEWS.level, column);
 */
export function applyViewTransposed(v: FeatureView, y: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(y);
  for (let k = 0; k < v.rows.length; k++) out[v.cols[k]] += v.coefs[k] * y[v.rows[k]];
  return out;
}
