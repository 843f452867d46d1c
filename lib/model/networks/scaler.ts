/**
 * Feature standardisation as scikit-learn's `StandardScaler`: `z = (x − mean) / scale`, with the population standard
 * deviation as scale and 1 where a feature is constant. Stored as plain JSON (no pickles).
 *
 * @module
 */

/** A fitted scaler. */
export interface Scaler {
  mean: number[];
  scale: number[];
}

/**
 * Fit a scaler on row-major data.
 *
 * @param x Row-major `[n][dim]`.
 * @param dim Features per row.
 * @throws {RangeError} If there are no rows or `x.length` is not a multiple of `dim`.
 * @example
 * const scaler = fitScaler(trainX, 195);
 */
export function fitScaler(x: Float32Array, dim: number): Scaler {
  const n = x.length / dim;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`cannot fit a scaler on ${x.length} values in rows of ${dim}`);
  }
  const mean = new Float64Array(dim), m2 = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) m2[j] += (x[i * dim + j] - mean[j]) ** 2;
  }
  const scale = Array.from(m2, (s) => {
    const sd = Math.sqrt(s / n);
    return sd < 10 * Number.EPSILON * 1 ? 1 : sd;
  });
  return { mean: Array.from(mean), scale };
}

/**
 * Standardise row-major data with a fitted scaler (a new array).
 *
 * @throws {RangeError} If the row width does not match the scaler.
 * @example
 * const z = applyScaler(scaler, x);
 */
export function applyScaler(scaler: Scaler, x: Float32Array): Float32Array {
  const dim = scaler.mean.length;
  if (x.length % dim !== 0) {
    throw new RangeError(`data of ${x.length} values does not divide into rows of ${dim} features`);
  }
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += dim) {
    for (let j = 0; j < dim; j++) out[i + j] = (x[i + j] - scaler.mean[j]) / scaler.scale[j];
  }
  return out;
}
