/**
 * A C-support vector classifier with the RBF kernel, trained by libsvm 3.37 (the library scikit-learn's `SVC` wraps),
 * compiled to WebAssembly: scikit-learn's defaults (C = 1, γ = "scale" = 1 / (d · Var(X)), tolerance 1e-3, shrinking,
 * a 200 MB kernel cache), one-vs-one over the classes.
 *
 * Rows are passed to libsvm grouped by class in index order (stably), as scikit-learn's libsvm groups them, so the
 * pairwise problems are the same, in the same order.
 *
 * @module
 */
import { libsvmTrain } from "./_svm_wasm_binding.ts";

/** Options of {@linkcode fitSvc}. */
export interface SvcOptions {
  /** Values per row. */
  dim: number;
  /** Number of classes. */
  classes: number;
  /** Penalty. Default 1. */
  C?: number;
  /** Kernel width, or "scale": 1 / (dim · Var(x)) over every value. Default "scale". */
  gamma?: number | "scale";
  /** Stopping tolerance. Default 1e-3. */
  tol?: number;
  /** Kernel cache, MB. Default 200. */
  cacheMb?: number;
  /** Per class, a factor on C (scikit-learn's `class_weight`). Default all 1. */
  classWeight?: Float64Array;
}

/** A trained classifier: its support vectors (training rows), pairs, dual coefficients and intercepts. */
export interface SvcFit {
  gamma: number;
  /** The training row of each support vector. */
  supportRows: Int32Array;
  /** Class index pairs `[i, j]`: the decision value is positive for `i`. */
  pairs: [number, number][];
  /** Row-major `[l][P]`: support vector s's coefficient in pair p's decision (0 when it is in neither class). */
  coef: Float64Array;
  rho: Float64Array;
}

/** scikit-learn's `gamma="scale"`: 1 / (d · Var(x)) over every value (float64). */
export function scaleGamma(x: ArrayLike<number>, dim: number): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  for (let i = 0; i < x.length; i++) s2 += (x[i] - mean) ** 2;
  const v = s2 / x.length;
  return v > 0 ? 1 / (dim * v) : 1;
}

/**
 * Train an RBF C-SVC on standardised rows.
 *
 * @param x Row-major `[n][dim]`.
 * @param y Class index per row.
 * @throws {RangeError} If a row count does not match, or libsvm refuses the parameters.
 * @example
 * const fit = fitSvc(x, y, { dim: 676, classes: 7 });
 */
export function fitSvc(x: Float32Array, y: Int32Array, o: SvcOptions): SvcFit {
  const n = y.length, d = o.dim;
  if (x.length !== n * d) throw new RangeError(`fitSvc: ${x.length} values for ${n} rows of ${d}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a] - y[b] || a - b);
  const xs = new Float64Array(n * d), ys = new Int32Array(n);
  order.forEach((r, i) => {
    ys[i] = y[r];
    for (let j = 0; j < d; j++) xs[i * d + j] = x[r * d + j];
  });
  const gamma = o.gamma === undefined || o.gamma === "scale" ? scaleGamma(xs, d) : o.gamma;
  const m = libsvmTrain(xs, ys, {
    d,
    k: o.classes,
    C: o.C ?? 1,
    gamma,
    tol: o.tol ?? 1e-3,
    cacheMb: o.cacheMb ?? 200,
    shrinking: true,
    classWeight: o.classWeight ?? new Float64Array(o.classes).fill(1),
  });
  const classesIn = m.label.length, l = m.svIndex.length;
  const start = new Int32Array(classesIn);
  for (let c = 1; c < classesIn; c++) start[c] = start[c - 1] + m.nSV[c - 1];
  const pairs: [number, number][] = [];
  for (let a = 0; a < classesIn; a++) for (let b = a + 1; b < classesIn; b++) pairs.push([m.label[a], m.label[b]]);
  const P = pairs.length, coef = new Float64Array(l * P);
  let p = 0;
  for (let a = 0; a < classesIn; a++) {
    for (let b = a + 1; b < classesIn; b++, p++) {
      for (let s = start[a]; s < start[a] + m.nSV[a]; s++) coef[s * P + p] = m.coef[(b - 1) * l + s];
      for (let s = start[b]; s < start[b] + m.nSV[b]; s++) coef[s * P + p] = m.coef[a * l + s];
    }
  }
  return { gamma, supportRows: Int32Array.from(m.svIndex, (i) => order[i]), pairs, coef, rho: m.rho };
}
