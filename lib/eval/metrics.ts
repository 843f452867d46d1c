/**
 * Classification metrics with scikit-learn's semantics (`confusion_matrix`, `classification_report`,
 * `zero_division=0`).
 *
 * @module
 */

/** Per-class and averaged scores. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** What `classification_report(output_dict=True)` holds. */
export interface ClassificationReport {
  classes: string[];
  perClass: ClassScores[];
  accuracy: number;
  macro: ClassScores;
  weighted: ClassScores;
}

/**
 * Confusion matrix: `cm[i][j]` counts clips of true class i predicted as j (rows are the true class).
 *
 * @param yTrue True class indices.
 * @param yPred Predicted class indices.
 * @param numClasses Number of classes.
 * @throws {RangeError} If lengths differ or an index is outside [0, numClasses).
 * @example
 * confusionMatrix([0, 1, 1], [0, 0, 1], 2); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  }
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i], p = yPred[i];
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses)) {
      throw new RangeError(`label ${t} or prediction ${p} at ${i} is outside [0, ${numClasses})`);
    }
    cm[t][p]++;
  }
  return cm;
}

/**
 * Row-normalised confusion matrix in percent (each true class's row sums to 100; an empty row stays 0).
 *
 * @example
 * normaliseRows([[1, 3], [0, 0]]); // [[25, 75], [0, 0]]
 */
export function normaliseRows(cm: number[][]): number[][] {
  return cm.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s === 0 ? 0 : (100 * v) / s));
  });
}

/**
 * Precision, recall, F1 and support per class, accuracy, and macro and weighted averages, from a confusion matrix.
 * A zero denominator gives 0 (scikit-learn's `zero_division=0`): a class never predicted has precision 0, a class
 * with no samples has recall 0 and support 0. Macro averages include every class; weighted averages weight by support.
 *
 * @param cm Confusion matrix (rows true, columns predicted).
 * @param classes Class names in index order.
 * @example
 * const report = classificationReport(confusionMatrix(yTrue, yPred, 8), labels);
 */
export function classificationReport(cm: number[][], classes: readonly string[]): ClassificationReport {
  const k = cm.length;
  if (classes.length !== k) throw new RangeError(`${classes.length} class names for a ${k}×${k} confusion matrix`);
  const total = cm.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0);
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const perClass = cm.map((row, i) => {
    const tp = row[i];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((s, r) => s + r[i], 0);
    const precision = div(tp, predicted), recall = div(tp, support);
    return { precision, recall, f1: div(2 * precision * recall, precision + recall), support };
  });
  const avg = (w: (s: ClassScores) => number, wsum: number): ClassScores => ({
    precision: div(perClass.reduce((s, c) => s + w(c) * c.precision, 0), wsum),
    recall: div(perClass.reduce((s, c) => s + w(c) * c.recall, 0), wsum),
    f1: div(perClass.reduce((s, c) => s + w(c) * c.f1, 0), wsum),
    support: total,
  });
  const correct = cm.reduce((s, r, i) => s + r[i], 0);
  return {
    classes: [...classes],
    perClass,
    accuracy: div(correct, total),
    macro: avg(() => 1, k),
    weighted: avg((c) => c.support, total),
  };
}

/** Index of the largest value in each row of a row-major `[n][k]` probability array. */
export function argmaxRows(probabilities: ArrayLike<number>, k: number): Int32Array {
  const n = probabilities.length / k, out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}
