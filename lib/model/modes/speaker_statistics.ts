/**
 * Per-speaker feature statistics: the arithmetic behind the enrolled and transductive use modes.
 *
 * - {@linkcode standardiseBySpeaker}: each group of rows z-scored by its own mean and population standard deviation
 *   (`z = (x − μ_g) / σ_g`), which removes much of what makes one voice differ from another.
 * - {@linkcode centreRows}: rows minus one reference mean (`x − μ_ref`), the spread left to the global scaler: a
 *   per-speaker σ from a few seconds is noisy and does more harm than good.
 *
 * @module
 */

/** One speaker's statistics. */
export interface SpeakerStats {
  mean: Float64Array;
  /** Population standard deviation, 1 where the feature is constant for the speaker. */
  scale: Float64Array;
  /** Rows the statistics come from. */
  count: number;
}

/**
 * Mean and population standard deviation of each feature over some rows.
 *
 * @param x Row-major `[n][dim]`.
 * @param rows Row indices to use (default all).
 * @throws {RangeError} If there are no rows.
 * @example
 * const s = speakerStats(features, 676, [0, 4, 9]);
 */
export function speakerStats(x: Float32Array, dim: number, rows?: readonly number[]): SpeakerStats {
  const idx = rows ?? Array.from({ length: x.length / dim }, (_, i) => i);
  if (idx.length === 0) throw new RangeError("speaker statistics need at least one clip");
  const mean = new Float64Array(dim), m2 = new Float64Array(dim);
  for (const r of idx) for (let j = 0; j < dim; j++) mean[j] += x[r * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= idx.length;
  for (const r of idx) for (let j = 0; j < dim; j++) m2[j] += (x[r * dim + j] - mean[j]) ** 2;
  const scale = m2.map((s) => {
    const sd = Math.sqrt(s / idx.length);
    return sd < 1e-8 ? 1 : sd;
  });
  return { mean, scale, count: idx.length };
}

/** Row indices of each group, in first-seen order (`""` and null rows belong to no group). */
export function groupRows(groups: readonly (string | null)[]): Map<string, number[]> {
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    if (!g) return;
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  return members;
}

/**
 * Standardise each group of rows by its own statistics: `z = (x − mean_g) / scale_g`. Rows of no group are copied
 * unchanged.
 *
 * @param x Row-major `[n][dim]`.
 * @param groups Group (speaker) per row.
 * @returns A new array, and the statistics of each group.
 * @throws {RangeError} If `groups` does not have one entry per row.
 * @example
 * const { x: z } = standardiseBySpeaker(x, 676, rows.map((r) => r.speaker));
 */
export function standardiseBySpeaker(
  x: Float32Array,
  dim: number,
  groups: readonly (string | null)[],
): { x: Float32Array; stats: Map<string, SpeakerStats> } {
  const n = x.length / dim;
  if (groups.length !== n) throw new RangeError(`expected ${n} groups (one per row), got ${groups.length}`);
  const out = Float32Array.from(x), stats = new Map<string, SpeakerStats>();
  for (const [g, rows] of groupRows(groups)) {
    const s = speakerStats(x, dim, rows);
    stats.set(g, s);
    for (const r of rows) {
      for (let j = 0; j < dim; j++) out[r * dim + j] = (x[r * dim + j] - s.mean[j]) / s.scale[j];
    }
  }
  return { x: out, stats };
}

/**
 * Subtract a reference mean from some rows in place: `x_r ← x_r − mean` for each row r in `rows`.
 *
 * @param x Row-major `[n][dim]`, changed in place.
 * @param mean The reference, `dim` values.
 * @throws {RangeError} If `mean` does not have `dim` values.
 * @example
 * centreRows(x, 676, enrolment.mean, [0, 1, 2]);
 */
export function centreRows(x: Float32Array, dim: number, mean: ArrayLike<number>, rows: readonly number[]): void {
  if (mean.length !== dim) throw new RangeError(`the reference has ${mean.length} values, the rows ${dim}`);
  for (const r of rows) for (let j = 0; j < dim; j++) x[r * dim + j] -= mean[j];
}
