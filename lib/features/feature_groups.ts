/**
 * Feature columns grouped by what they describe, for explanations (permutation importance by group): the original
 * set's librosa groups, and the pooled set's MFCC (and its deltas), log-mel bands, energy, spectral shape, pitch,
 * rhythm and voice quality.
 *
 * @module
 */
import { FEATURE_GROUPS } from "./extract_features.ts";
import type { FeatureSet } from "./feature_sets.ts";

/** A group: its name and the column indices it holds. */
export interface ColumnGroup {
  name: string;
  columns: number[];
}

/** The pooled set's groups, by column name. */
const POOLED_GROUPS: [string, RegExp][] = [
  ["MFCC", /^mfcc\d+_(mean|std|p10|p90|slope)$/],
  ["MFCC Δ", /^mfcc\d+_d_/],
  ["MFCC ΔΔ", /^mfcc\d+_dd_/],
  ["mel bands", /^logmel\d+_/],
  ["energy", /^log_rms_/],
  ["spectral shape", /^(zcr|centroid|contrast\d+)_/],
  ["pitch", /^logf0_/],
  ["rhythm", /^(voiced_fraction|duration_s|voiced_segments_per_s)$/],
  ["voice quality", /^(jitter|shimmer)_/],
];

/**
 * The column groups of a feature set, every column in exactly one group.
 *
 * @throws {Error} If a column fits no group (a feature set changed without its groups).
 * @example
 * featureGroups(FEATURE_SETS.pooled).map((g) => g.name); // ["MFCC", "MFCC Δ", …]
 */
export function featureGroups(set: FeatureSet): ColumnGroup[] {
  if (set.name === "original") {
    let at = 0;
    return FEATURE_GROUPS.map((g) => ({ name: g.name, columns: Array.from({ length: g.size }, () => at++) }));
  }
  const groups = POOLED_GROUPS.map(([name]) => ({ name, columns: [] as number[] }));
  set.names.forEach((n, i) => {
    const k = POOLED_GROUPS.findIndex(([, re]) => re.test(n));
    if (k < 0) throw new Error(`feature ${n} of the ${set.name} set is in no group`);
    groups[k].columns.push(i);
  });
  return groups;
}
