/**
 * Principal component analysis of feature rows, for looking at clips in two dimensions.
 *
 * The columns are centred (and, by default, scaled to unit variance, as scikit-learn's `StandardScaler` then
 * `PCA`); the leading eigenvectors of the covariance `XᵀX / n` are found by subspace iteration
 * (`Q ← orth(XᵀX Q)`), which needs only products with `X` and stays cheap for thousands of rows of 676 features.
 * Each component's sign is fixed so its largest loading is positive, so runs agree.
 *
 * @module
 */
import { gaussian, mulberry32 } from "../random.ts";

/** Options of {@linkcode pca}. */
export interface PcaOptions {
  /** Components to keep. Default 2. */
  components?: number;
  /** Scale each column to unit variance before the analysis. Default true. */
  standardise?: boolean;
  /** Subspace iterations at most. Default 500 (stops earlier once every direction settles: `1 − |q·q′| < 1e-15`). */
  maxIterations?: number;
}

/** The projection of rows onto their principal components. */
export interface PcaResult {
  /** Row-major `[n][components]` coordinates of each row. */
  scores: Float32Array;
  /** Row-major `[components][dim]` unit directions, in the (standardised) feature space. */
  components: Float64Array;
  /** Share of the total variance along each component, in `[0, 1]`. */
  explainedVarianceRatio: number[];
}

/**
 * Project row-major feature rows onto their leading principal components.
 *
 * @param x Row-major `[n][dim]` features.
 * @param dim Features per row.
 * @returns Scores `[n][k]`, components `[k][dim]` and the explained variance ratios.
 * @throws {RangeError} If `x` is not `n × dim` with n ≥ 2, or `components` is not in `1 … dim`.
 * @example
 * // (2, 0), (−2, 0), (0, 1), (0, −1): variances 2 and 0.5, so the first axis explains 0.8.
 * const { explainedVarianceRatio } = pca(Float32Array.of(2, 0, -2, 0, 0, 1, 0, -1), 2, { standardise: false });
 */
export function pca(x: Float32Array, dim: number, options: PcaOptions = {}): PcaResult {
  const k = options.components ?? 2;
  if (!Number.isInteger(dim) || dim < 1 || x.length % dim !== 0 || x.length / dim < 2) {
    throw new RangeError(`pca needs at least 2 rows of ${dim} features: received ${x.length} values`);
  }
  if (!Number.isInteger(k) || k < 1 || k > dim) {
    throw new RangeError(`\`components\` must be an integer in 1 … ${dim}: received ${k}`);
  }
  const n = x.length / dim, z = centred(x, dim, options.standardise ?? true);
  let total = 0;
  for (let i = 0; i < z.length; i++) total += z[i] * z[i];
  total /= n;
  const rng = mulberry32(0x5eed);
  let q: Float64Array[] = Array.from({ length: k }, () => Float64Array.from({ length: dim }, () => gaussian(rng)));
  orthonormalise(q);
  for (let it = 0; it < (options.maxIterations ?? 500); it++) {
    const next = q.map((v) => covarianceTimes(z, dim, v));
    orthonormalise(next);
    const moved = Math.max(...next.map((v, c) => 1 - Math.abs(dot(v, q[c]))));
    q = next;
    if (moved < 1e-15) break;
  }
  for (const v of q) {
    let big = 0;
    for (let j = 0; j < dim; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
    if (v[big] < 0) { for (let j = 0; j < dim; j++) v[j] = -v[j]; }
  }
  const scores = new Float32Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += z[r * dim + j] * q[c][j];
      scores[r * k + c] = s;
    }
  }
  const components = new Float64Array(k * dim);
  q.forEach((v, c) => components.set(v, c * dim));
  const explainedVarianceRatio = q.map((v) => (total > 0 ? dot(covarianceTimes(z, dim, v), v) / total : 0));
  return { scores, components, explainedVarianceRatio };
}

/** Columns minus their means, divided by their population standard deviation when asked (constant columns: 0). */
function centred(x: Float32Array, dim: number, standardise: boolean): Float64Array {
  const n = x.length / dim, mean = new Float64Array(dim), sq = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] += x[r * dim + j] / n;
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) z[i] = x[i] - mean[i % dim];
  if (!standardise) return z;
  for (let i = 0; i < z.length; i++) sq[i % dim] += z[i] * z[i];
  const scale = sq.map((s) => (Math.sqrt(s / n) > 1e-12 ? 1 / Math.sqrt(s / n) : 0));
  for (let i = 0; i < z.length; i++) z[i] *= scale[i % dim];
  return z;
}

/** `(ZᵀZ / n) v` without forming the covariance. */
function covarianceTimes(z: Float64Array, dim: number, v: Float64Array): Float64Array {
  const n = z.length / dim, out = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += z[r * dim + j] * v[j];
    for (let j = 0; j < dim; j++) out[j] += (s * z[r * dim + j]) / n;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Modified Gram–Schmidt in place (a vector that collapses is left at zero). */
function orthonormalise(vs: Float64Array[]): void {
  vs.forEach((v, i) => {
    for (let p = 0; p < i; p++) {
      const d = dot(v, vs[p]);
      for (let j = 0; j < v.length; j++) v[j] -= d * vs[p][j];
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-30) { for (let j = 0; j < v.length; j++) v[j] /= norm; }
  });
}
