import type { Matrix } from "./matrix.ts";

/**
 * Local derivative of each row over frames, as `librosa.feature.delta(data, width, order, mode="interp")`: a
 * Savitzky–Golay filter of polynomial order `order`, differentiated `order` times. For order 1 that is the slope of the
 * least-squares line through the `width` frames around t, `Σ k·x[t+k] / Σ k²`; for order 2, twice the quadratic
 * coefficient. At the edges (`mode="interp"`) the polynomial fitted to the first (last) `width` frames is used, whose
 * `order`-th derivative is the value at the first (last) full window.
 *
 * @param m `[rows][frames]`.
 * @param options.width Odd window length ≥ 3. Default 9.
 * @param options.order 1 or 2. Default 1.
 * @throws {RangeError} If the width is not odd, the order not 1 or 2, or there are fewer frames than `width`.
 * @example
 * const d1 = delta(mfcc, { order: 1 }), d2 = delta(mfcc, { order: 2 });
 */
export function delta(m: Matrix, options: { width?: number; order?: 1 | 2 } = {}): Matrix {
  const { width = 9, order = 1 } = options;
  if (!(width >= 3 && width % 2 === 1)) throw new RangeError(`\`width\` must be odd and ≥ 3: received ${width}`);
  if (order !== 1 && order !== 2) throw new RangeError(`\`order\` must be 1 or 2: received ${order}`);
  const T = m.cols, h = (width - 1) / 2;
  if (T < width) throw new RangeError(`delta needs at least width = ${width} frames: received ${T}`);
  const ks = Array.from({ length: width }, (_, i) => i - h);
  const mean2 = ks.reduce((s, k) => s + k * k, 0) / width;
  const coef = order === 1
    ? ks.map((k) => k / ks.reduce((s, j) => s + j * j, 0))
    : ks.map((k) => (2 * (k * k - mean2)) / ks.reduce((s, j) => s + (j * j - mean2) ** 2, 0));
  const out = new Float64Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    const row = r * T;
    for (let t = h; t < T - h; t++) {
      let s = 0;
      for (let i = 0; i < width; i++) s += coef[i] * m.data[row + t - h + i];
      out[row + t] = s;
    }
    for (let t = 0; t < h; t++) {
      out[row + t] = out[row + h];
      out[row + T - 1 - t] = out[row + T - 1 - h];
    }
  }
  return { rows: m.rows, cols: T, data: out };
}
