/**
 * Per-speaker feature standardisation: each speaker's clips are z-scored with that speaker's own mean and standard
 * deviation, which removes much of what makes one voice differ from another (pitch range, timbre, loudness) and
 * leaves how the voice changes with emotion.
 *
 * At training time every training speaker is normalised by its own clips. At test or inference time the same is done
 * with the **unlabelled** clips of the speaker being recognised — a transductive step, standard in
 * speaker-independent SER, which needs a few clips of that person. With fewer than `minClips`, there are no
 * statistics and a model for globally scaled features is used instead.
 *
 * @module
 */

/** One speaker's statistics. */
export interface SpeakerStats {
  mean: Float64Array;
  /** Population standard deviation, 1 where the feature is constant for the speaker. */
  scale: Float64Array;
  /** Clips the statistics come from. */
  count: number;
}

/** Fewest clips from which speaker statistics are computed. */
export const MIN_SPEAKER_CLIPS = 2;

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

/**
 * Standardise each group of rows by its own statistics: `z = (x − mean_g) / scale_g`.
 *
 * @param x Row-major `[n][dim]`.
 * @param groups Group (speaker) per row.
 * @returns A new array, and the statistics of each group.
 * @throws {RangeError} If `groups` does not have one entry per row.
 * @example
 * const { x: z } = speakerNormalize(x, 676, rows.map((r) => r.speaker));
 */
export function speakerNormalize(
  x: Float32Array,
  dim: number,
  groups: readonly string[],
): { x: Float32Array; stats: Map<string, SpeakerStats> } {
  const n = x.length / dim;
  if (groups.length !== n) throw new RangeError(`expected ${n} groups (one per row), got ${groups.length}`);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const out = new Float32Array(x.length), stats = new Map<string, SpeakerStats>();
  for (const [g, rows] of members) {
    const s = speakerStats(x, dim, rows);
    stats.set(g, s);
    for (const r of rows) {
      applySpeakerStats(s, x.subarray(r * dim, (r + 1) * dim), out.subarray(r * dim, (r + 1) * dim));
    }
  }
  return { x: out, stats };
}

/** `out = (v − mean) / scale` for one vector (out may be v). */
export function applySpeakerStats(s: SpeakerStats, v: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let j = 0; j < out.length; j++) out[j] = (v[j] - s.mean[j]) / s.scale[j];
  return out;
}
