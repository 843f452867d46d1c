/**
 * Clips in two dimensions, before and after each speaker is normalised: the picture behind the use modes. As measured,
 * clips cluster by speaker and corpus (voice, microphone, language); standardised by each speaker's own statistics
 * (the transductive mode's arithmetic), those clusters dissolve and what is left is closer to the emotion.
 *
 * @module
 */
import type { ProjectionPoint } from "../../charts/mod.ts";
import { UMAP } from "umap-js";
import { pca } from "../../features/pca.ts";
import { applyScaler, fitScaler, standardiseBySpeaker } from "../../model/mod.ts";
import { rngFor, shuffle } from "../../random.ts";

/** The views {@linkcode clipProjection} projects, in order. */
export const PROJECTION_VIEWS = ["as measured", "each speaker standardised"] as const;

/** A projection of clips, ready for `projectionChart`. */
export interface ClipProjection {
  /** One point per clip and view. */
  points: ProjectionPoint[];
  /** Explained variance ratio of PC 1 and PC 2, per view. */
  explained: Record<string, number[]>;
  /** Clips projected (a seeded sample when there were more than `maxClips`). */
  clips: number;
}

/**
 * Project clips onto their two leading principal components (standardised features), as measured and after each
 * speaker's clips are z-scored by that speaker's own mean and standard deviation. Speakers are normalised on all their
 * clips before sampling.
 *
 * @param table Row-major features `[n][dim]` (e.g. `extractStage(...).table`).
 * @param rows Each row's clip: its emotion, speaker and corpus.
 * @param options.maxClips Clips drawn (seeded) when there are more. Default 1500.
 * @param options.seed Default 42.
 * @param options.method `pca` (default: the leading principal components) or `umap` (UMAP, McInnes et al. 2018, by
 *   umap-js: 15 neighbours, min_dist 0.1, seeded; on z-scored features).
 * @throws {RangeError} If `rows` and `table` disagree in length, or fewer than 2 clips remain.
 * @example
 * const { table, rows } = await extractStage(source, discovery, "pooled");
 * const p = clipProjection(table, rows);
 * projectionChart(p.points, { by: "speaker", explained: p.explained });
 */
export function clipProjection(
  table: { data: Float32Array; dim: number },
  rows: readonly { emotion: string; speaker: string; corpus: string }[],
  options: { maxClips?: number; seed?: number; method?: "pca" | "umap" } = {},
): ClipProjection {
  const { data, dim } = table, n = data.length / dim;
  if (rows.length !== n) throw new RangeError(`expected ${n} rows (one per feature row), got ${rows.length}`);
  const normalised = standardiseBySpeaker(data, dim, rows.map((r) => r.speaker || null)).x;
  const all = Array.from({ length: n }, (_, i) => i);
  const pick = n > (options.maxClips ?? 1500)
    ? shuffle(all, rngFor(options.seed ?? 42, "projection")).slice(0, options.maxClips ?? 1500).sort((a, b) => a - b)
    : all;
  const points: ProjectionPoint[] = [], explained: Record<string, number[]> = {};
  for (const [view, x] of [[PROJECTION_VIEWS[0], data], [PROJECTION_VIEWS[1], normalised]] as const) {
    const sample = new Float32Array(pick.length * dim);
    pick.forEach((r, j) => sample.set(x.subarray(r * dim, (r + 1) * dim), j * dim));
    const p = options.method === "umap"
      ? { scores: umap2d(sample, dim, options.seed ?? 42), explainedVarianceRatio: [] }
      : pca(sample, dim, { components: 2 });
    if (p.explainedVarianceRatio.length) explained[view] = p.explainedVarianceRatio;
    pick.forEach((r, j) => {
      const { emotion, speaker, corpus } = rows[r];
      points.push({ x: p.scores[2 * j], y: p.scores[2 * j + 1], view, emotion, speaker, corpus });
    });
  }
  return { points, explained, clips: pick.length };
}

/** UMAP of z-scored rows into two dimensions, seeded (umap-js draws from the given random source). */
function umap2d(x: Float32Array, dim: number, seed: number): Float64Array {
  const z = applyScaler(fitScaler(x, dim), x);
  const rows = Array.from({ length: z.length / dim }, (_, i) => Array.from(z.subarray(i * dim, (i + 1) * dim)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(15, rows.length - 1),
    minDist: 0.1,
    random: rngFor(seed, "umap"),
  });
  return Float64Array.from(umap.fit(rows).flat());
}
