import { classificationReport } from "./metrics.ts";

/** The field's headline scores of one evaluation. */
export interface FoldScores {
  /** Weighted accuracy: correct / total. */
  wa: number;
  /** Unweighted accuracy: the mean recall over the classes that occur (macro recall). */
  ua: number;
  /** Macro F1 over the classes that occur. */
  macroF1: number;
  /** Clips evaluated. */
  n: number;
}

/**
 * WA, UA and macro F1 from a confusion matrix (rows true). Classes absent from the evaluated clips (support 0) are
 * left out of UA and F1, so a fold without a class is not penalised for it.
 *
 * @example
 * foldScores([[8, 2], [5, 5]]); // { wa: 0.65, ua: 0.65, macroF1: ≈0.642, n: 20 }
 */
export function foldScores(cm: number[][]): FoldScores {
  const r = classificationReport(cm, cm.map((_, i) => String(i)));
  const present = r.perClass.filter((c) => c.support > 0);
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
  return {
    wa: r.accuracy,
    ua: mean(present.map((c) => c.recall)),
    macroF1: mean(present.map((c) => c.f1)),
    n: cm.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0),
  };
}

/**
 * Mean and sample standard deviation (n − 1; 0 for a single value).
 *
 * @example
 * meanSd([0.6, 0.7, 0.8]); // { mean: 0.7, sd: 0.1 }
 */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

/** Element-wise sum of confusion matrices of the same size. */
export function sumMatrices(ms: readonly number[][][]): number[][] {
  if (ms.length === 0) return [];
  return ms[0].map((row, i) => row.map((_, j) => ms.reduce((s, m) => s + m[i][j], 0)));
}
