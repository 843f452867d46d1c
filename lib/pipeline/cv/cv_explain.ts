/**
 * Explanations in cross-validation (`cv --explain`): on each fold's held-out clips, the permutation importance of each
 * feature group for the global mode (`permutationImportance`), averaged over folds; and the values of the most telling
 * column of the three most important groups, per label, for box plots.
 *
 * @module
 */
import type { FeatureValue } from "../../charts/mod.ts";
import { argmaxRows, type GroupImportance, permutationImportance } from "../../eval/mod.ts";
import { type ColumnGroup, FEATURE_SETS, featureGroups } from "../../features/mod.ts";
import type { FitData, FittedFamily, ModelFamily } from "../../model/mod.ts";

/** The importance of each group on one fold's held-out rows (global mode). */
export function foldImportance(
  family: ModelFamily,
  fitted: FittedFamily,
  fit: FitData,
  test: readonly number[],
  seed: number,
): GroupImportance[] {
  const dim = fit.dim, K = fit.classes.length;
  const x = new Float32Array(test.length * dim);
  test.forEach((r, j) => x.set(fit.x.subarray(r * dim, (r + 1) * dim), j * dim));
  const y = Int32Array.from(test, (r) => fit.y[r]);
  const predict = (rows: Float32Array) => argmaxRows(family.predict(fitted, rows, "global").probabilities, K);
  return permutationImportance(predict, { x, y, dim, groups: featureGroups(FEATURE_SETS[family.featureSet]) }, {
    seed,
  }).groups;
}

/** Mean and spread over folds of each group's importance, most important first. */
export function meanImportance(folds: readonly (readonly GroupImportance[])[]): GroupImportance[] {
  const groups = folds[0]?.map((g) => g.group) ?? [];
  return groups.map((group, k) => {
    const drops = folds.map((f) => f[k].drop), mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    return { group, drop: mean, sd: Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length) };
  }).sort((a, b) => b.drop - a.drop);
}

/** The one-way F statistic of a column across labels (between-label over within-label variance). */
function fStatistic(values: Float64Array, labels: Int32Array, K: number): number {
  const n = values.length, sum = new Float64Array(K), count = new Float64Array(K);
  let all = 0;
  for (let i = 0; i < n; i++) sum[labels[i]] += values[i], count[labels[i]]++, all += values[i];
  const mean = all / n;
  let between = 0, within = 0;
  for (let k = 0; k < K; k++) if (count[k]) between += count[k] * (sum[k] / count[k] - mean) ** 2;
  for (let i = 0; i < n; i++) within += (values[i] - sum[labels[i]] / count[labels[i]]) ** 2;
  return within > 0 ? (between / Math.max(1, K - 1)) / (within / Math.max(1, n - K)) : 0;
}

/**
 * For each of the `top` most important groups, the column that separates the labels best (largest F statistic) and
 * its values per label on the given rows.
 */
export function topFeatureValues(
  fit: FitData,
  rows: readonly number[],
  ranked: readonly GroupImportance[],
  groups: readonly ColumnGroup[],
  names: readonly string[],
  top = 3,
): FeatureValue[] {
  const y = Int32Array.from(rows, (r) => fit.y[r]), K = fit.classes.length;
  return ranked.slice(0, top).flatMap((imp) => {
    const g = groups.find((x) => x.name === imp.group)!;
    let best = g.columns[0], bestF = -1;
    for (const c of g.columns) {
      const f = fStatistic(Float64Array.from(rows, (r) => fit.x[r * fit.dim + c]), y, K);
      if (f > bestF) best = c, bestF = f;
    }
    return rows.map((r) => ({
      emotion: fit.classes[fit.y[r]],
      feature: `${names[best]} (${imp.group})`,
      value: fit.x[r * fit.dim + best],
    }));
  });
}
