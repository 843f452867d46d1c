/**
 * Private: L-BFGS minimisation (Nocedal & Wright, Algorithm 7.4): the two-loop recursion over the last `memory`
 * (s, y) pairs, a backtracking line search on the Armijo condition (c1 = 1e-4), stopping when the largest gradient
 * component divided by `scale` falls below `tol`. Shared by the convex learners (`logistic_regression.ts`,
 * `linear_svc.ts`).
 *
 * @module
 */

/** What the minimiser found. */
export interface LbfgsResult {
  theta: Float64Array;
  iterations: number;
  loss: number;
  converged: boolean;
}

export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * Minimise `f` from θ = 0.
 *
 * @param lossAndGradient Writes ∇f(θ) into `grad` and returns f(θ).
 */
export function minimizeLbfgs(
  lossAndGradient: (theta: Float64Array, grad: Float64Array) => number,
  size: number,
  o: { tol: number; maxIter: number; memory: number; scale: number },
): LbfgsResult {
  let theta = new Float64Array(size), g = new Float64Array(size);
  let f = lossAndGradient(theta, g);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  let it = 0, converged = false;
  for (; it < o.maxIter; it++) {
    let gmax = 0;
    for (let j = 0; j < size; j++) gmax = Math.max(gmax, Math.abs(g[j]));
    if (gmax / o.scale < o.tol) {
      converged = true;
      break;
    }
    // Two-loop recursion: d = −H g.
    const q = Float64Array.from(g), alpha = new Array<number>(S.length);
    for (let m = S.length - 1; m >= 0; m--) {
      alpha[m] = rho[m] * dot(S[m], q);
      for (let j = 0; j < size; j++) q[j] -= alpha[m] * Y[m][j];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / gmax;
    for (let j = 0; j < size; j++) q[j] *= gamma;
    for (let m = 0; m < S.length; m++) {
      const beta = rho[m] * dot(Y[m], q);
      for (let j = 0; j < size; j++) q[j] += S[m][j] * (alpha[m] - beta);
    }
    const d = q.map((v) => -v);
    let slope = dot(g, d);
    if (slope >= 0) { // not a descent direction: restart from the gradient
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < size; j++) d[j] = -g[j] / gmax;
      slope = dot(g, d);
    }
    const next = new Float64Array(size), gNext = new Float64Array(size);
    let step = 1, fNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = theta[j] + step * d[j];
      fNext = lossAndGradient(next, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = next.map((v, j) => v - theta[j]), yy = gNext.map((v, j) => v - g[j]);
    const sy = dot(s, yy);
    if (sy > 1e-10) {
      S.push(s), Y.push(yy), rho.push(1 / sy);
      if (S.length > o.memory) S.shift(), Y.shift(), rho.shift();
    }
    if (!(fNext < f) && step < 1e-10) break;
    theta = next, g = gNext, f = fNext;
  }
  return { theta, iterations: it, loss: f, converged };
}
