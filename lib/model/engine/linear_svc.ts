/**
 * A linear support vector classifier — scikit-learn's `LinearSVC()` (C = 1, L2 penalty, squared hinge loss,
 * one-vs-rest, the intercept a feature of value 1 whose weight is penalised too: liblinear's `intercept_scaling = 1`),
 * whose unique minimiser it approaches by L-BFGS (the loss is differentiable; weights within 0.1 % of the largest), one class against the rest at a time:
 *
 *   minimise  ½ (‖w‖² + b²) + C Σ_i c_{y_i} max(0, 1 − t_i (w·x_i + b))²,   t_i = +1 for the class, −1 for the rest
 *
 * with `c` the class weights (1 each unless balanced). scikit-learn's liblinear reaches the same minimiser by dual
 * coordinate descent; ours stops at a tighter tolerance, so the two agree where liblinear converged.
 *
 * @module
 */
import { minimizeLbfgs } from "./_lbfgs.ts";

/** Options of {@linkcode fitLinearSvc}. */
export interface LinearSvcOptions {
  dim: number;
  /** Number of classes (one-vs-rest: one problem each). */
  classes: number;
  /** Penalty. Default 1. */
  C?: number;
  /** Stop when `max |∇| / n` falls below this. Default 1e-6 (scikit-learn: 1e-4, on its dual). */
  tol?: number;
  /** Iterations at most per class. Default 5000. */
  maxIter?: number;
  /** Per class, a factor on its rows' loss (scikit-learn's `class_weight`). Default 1 each. */
  classWeight?: Float64Array;
}

/** Weights `W` row-major `[dim][classes]`, intercepts `b`, and whether every problem converged. */
export interface LinearSvcFit {
  W: Float64Array;
  b: Float64Array;
  converged: boolean;
  iterations: number;
}

/** Squared-hinge loss and gradient of one class against the rest, θ = [w (dim), b]. */
function binaryLoss(
  x: Float32Array,
  t: Int8Array,
  cw: Float64Array,
  dim: number,
  C: number,
  theta: Float64Array,
  grad: Float64Array,
): number {
  let loss = 0;
  for (let j = 0; j <= dim; j++) {
    loss += 0.5 * theta[j] * theta[j];
    grad[j] = theta[j];
  }
  for (let i = 0; i < t.length; i++) {
    const row = i * dim;
    let z = theta[dim];
    for (let f = 0; f < dim; f++) z += theta[f] * x[row + f];
    const margin = 1 - t[i] * z;
    if (margin <= 0) continue;
    loss += C * cw[i] * margin * margin;
    const g = -2 * C * cw[i] * margin * t[i];
    for (let f = 0; f < dim; f++) grad[f] += g * x[row + f];
    grad[dim] += g;
  }
  return loss;
}

/**
 * Fit one-vs-rest linear SVMs on standardised rows.
 *
 * @param x Row-major `[n][dim]`.
 * @param y Class index per row.
 * @throws {RangeError} If rows and labels disagree in number, or C is not positive.
 * @example
 * const { W, b } = fitLinearSvc(x, y, { dim: 676, classes: 7 });
 */
export function fitLinearSvc(x: Float32Array, y: Int32Array, o: LinearSvcOptions): LinearSvcFit {
  const n = y.length, dim = o.dim, K = o.classes, C = o.C ?? 1;
  if (x.length !== n * dim) throw new RangeError(`x holds ${x.length} values; ${n} rows of ${dim} need ${n * dim}`);
  if (!(C > 0)) throw new RangeError(`\`C\` must be positive: received ${C}`);
  const W = new Float64Array(dim * K), b = new Float64Array(K);
  const cw = Float64Array.from(y, (c) => o.classWeight?.[c] ?? 1);
  let converged = true, iterations = 0;
  for (let k = 0; k < K; k++) {
    const t = Int8Array.from(y, (c) => (c === k ? 1 : -1));
    const r = minimizeLbfgs((theta, grad) => binaryLoss(x, t, cw, dim, C, theta, grad), dim + 1, {
      tol: o.tol ?? 1e-6,
      maxIter: o.maxIter ?? 5000,
      memory: 10,
      scale: n,
    });
    for (let f = 0; f < dim; f++) W[f * K + k] = r.theta[f];
    b[k] = r.theta[dim];
    converged &&= r.converged;
    iterations = Math.max(iterations, r.iterations);
  }
  return { W, b, converged, iterations };
}
