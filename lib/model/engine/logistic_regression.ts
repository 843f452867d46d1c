/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS to convergence — scikit-learn's
 * `LogisticRegression()` (C = 1, penalty l2, multinomial, intercept unpenalised), whose minimiser it finds:
 *
 *   minimise  Σ_i −log softmax(x_i W + b)_{y_i} + ‖W‖² / (2C)
 *
 * Gradient: `Xᵀ(P − Y) + W / C` and `Σ_i (p_i − y_i)` for the bias. L-BFGS: the two-loop recursion over the last
 * `memory` (s, y) pairs (Nocedal & Wright, Algorithm 7.4), a backtracking line search on the Armijo condition, stopping
 * when the largest gradient component falls below `tol` (scikit-learn's `tol = 1e-4` on the same scale: the loss is
 * divided by n there, so ours is compared as `max |g| / n`).
 *
 * @module
 */

import { minimizeLbfgs } from "./_lbfgs.ts";

/** Options of {@linkcode fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /** Inverse regularisation strength. Default 1 (scikit-learn's). */
  C?: number;
  /** Stop when `max |∇| / n` falls below this. Default 1e-6 (tighter than scikit-learn's 1e-4: its optimum, found). */
  tol?: number;
  /** Iterations at most. Default 1000. */
  maxIter?: number;
  /** L-BFGS memory. Default 10 (scipy's). */
  memory?: number;
  /** Per-row weights (class balancing). Default 1 each. */
  sampleWeight?: Float64Array;
}

/** The fitted weights: `W` row-major `[dim][classes]`, `b` `[classes]`, and how the solver ended. */
export interface LogisticRegressionFit {
  W: Float64Array;
  b: Float64Array;
  iterations: number;
  loss: number;
  converged: boolean;
}

/** Loss and gradient at θ = [W (dim × K), b (K)]. */
function lossAndGradient(
  x: Float32Array,
  y: Int32Array,
  dim: number,
  K: number,
  theta: Float64Array,
  C: number,
  w: Float64Array | undefined,
  grad: Float64Array,
): number {
  const n = y.length, z = new Float64Array(K);
  grad.fill(0);
  let loss = 0;
  const bias = dim * K;
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let k = 0; k < K; k++) z[k] = theta[bias + k];
    for (let f = 0; f < dim; f++) {
      const v = x[row + f];
      if (v === 0) continue;
      const at = f * K;
      for (let k = 0; k < K; k++) z[k] += v * theta[at + k];
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, z[k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
    const wi = w ? w[i] : 1;
    loss -= wi * (Math.log(z[y[i]] / sum));
    for (let k = 0; k < K; k++) z[k] = wi * (z[k] / sum - (k === y[i] ? 1 : 0));
    for (let f = 0; f < dim; f++) {
      const v = x[row + f];
      if (v === 0) continue;
      const at = f * K;
      for (let k = 0; k < K; k++) grad[at + k] += v * z[k];
    }
    for (let k = 0; k < K; k++) grad[bias + k] += z[k];
  }
  let reg = 0;
  for (let j = 0; j < bias; j++) {
    reg += theta[j] * theta[j];
    grad[j] += theta[j] / C;
  }
  return loss + reg / (2 * C);
}

/**
 * Fit multinomial logistic regression on standardised rows.
 *
 * @param x Row-major `[n][dim]` features (standardise them first, as scikit-learn's users do).
 * @param y Class index per row, 0…K−1.
 * @param options.classes K (default: max(y) + 1).
 * @throws {RangeError} For rows and labels that disagree in number, or a C that is not positive.
 * @example
 * const { W, b } = fitLogisticRegression(xScaled, y, { dim: 676, classes: 7 });
 */
export function fitLogisticRegression(
  x: Float32Array,
  y: Int32Array,
  options: LogisticRegressionOptions & { dim: number; classes?: number },
): LogisticRegressionFit {
  const { dim, C = 1, tol = 1e-6, maxIter = 1000, memory = 10 } = options;
  const n = y.length, K = options.classes ?? Math.max(...y) + 1;
  if (x.length !== n * dim) throw new RangeError(`x holds ${x.length} values; ${n} rows of ${dim} need ${n * dim}`);
  if (!(C > 0)) throw new RangeError(`\`C\` must be positive: received ${C}`);
  const size = dim * K + K;
  const scale = options.sampleWeight ? options.sampleWeight.reduce((a, b) => a + b, 0) : n;
  const r = minimizeLbfgs(
    (theta, grad) => lossAndGradient(x, y, dim, K, theta, C, options.sampleWeight, grad),
    size,
    { tol, maxIter, memory, scale },
  );
  const { theta, iterations: it, loss: f, converged } = r;
  return { W: theta.slice(0, dim * K), b: theta.slice(dim * K), iterations: it, loss: f, converged };
}
