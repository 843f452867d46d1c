/**
 * Dense row-major matrices, laid out as librosa's arrays are: a spectrogram is `[bins][frames]`.
 *
 * @module
 */

/** A real row-major matrix: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A complex row-major matrix with separate real and imaginary planes. */
export interface ComplexMatrix {
  rows: number;
  cols: number;
  re: Float64Array;
  im: Float64Array;
}

/**
 * Allocate a zero matrix.
 *
 * @throws {RangeError} If a dimension is negative or not an integer.
 * @example
 * const m = zeros(2, 3); // m.data.length === 6
 */
export function zeros(rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`matrix shape must be non-negative integers: received [${rows}, ${cols}]`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * Mean of each row over its columns: the per-feature average over frames that the seed's features use.
 *
 * @returns `rows` values; a matrix with no columns gives NaN, as `np.mean` over an empty axis does.
 * @example
 * frameMeans({ rows: 1, cols: 2, data: new Float64Array([1, 3]) }); // [2]
 */
export function frameMeans(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    const base = r * m.cols;
    for (let c = 0; c < m.cols; c++) s += m.data[base + c];
    out[r] = s / m.cols;
  }
  return out;
}

/**
 * `A · B` for a dense `A` (`[n][k]`) and `B` (`[k][m]`), skipping zero weights in `A`.
 *
 * With `minWeight`, weights of `A` whose magnitude is below `minWeight × max|A|` are skipped too: for non-negative
 * `B` the result then changes by at most `k × minWeight` relative to its largest possible value.
 *
 * @throws {RangeError} If the inner dimensions differ.
 * @example
 * matmul({ rows: 1, cols: 2, data: new Float64Array([1, 2]) }, { rows: 2, cols: 1, data: new Float64Array([3, 4]) }); // [[11]]
 */
export function matmul(a: Matrix, b: Matrix, options: { minWeight?: number } = {}): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul shape mismatch: [${a.rows}, ${a.cols}] · [${b.rows}, ${b.cols}]`);
  const out = zeros(a.rows, b.cols);
  const m = b.cols, od = out.data, bd = b.data;
  const floor = weightFloor(a, options.minWeight);
  for (let i = 0; i < a.rows; i++) {
    const orow = i * m;
    for (let k = 0; k < a.cols; k++) {
      const w = a.data[i * a.cols + k];
      if (w === 0 || Math.abs(w) < floor) continue;
      const brow = k * m;
      for (let j = 0; j < m; j++) od[orow + j] += w * bd[brow + j];
    }
  }
  return out;
}

/**
 * The transpose `[cols][rows]` of a matrix.
 *
 * @example
 * transpose({ rows: 1, cols: 2, data: new Float64Array([1, 2]) }); // { rows: 2, cols: 1, data: [1, 2] }
 */
export function transpose(m: Matrix): Matrix {
  const { rows: R, cols: C, data } = m, out = new Float64Array(R * C);
  // Blocks of 16 rows keep both the reads and the writes within a few cache lines.
  for (let r0 = 0; r0 < R; r0 += 16) {
    const r1 = Math.min(R, r0 + 16);
    for (let c = 0; c < C; c++) {
      for (let r = r0; r < r1; r++) out[c * R + r] = data[r * C + c];
    }
  }
  return { rows: C, cols: R, data: out };
}

/**
 * The magnitude below which {@linkcode matmul} skips a weight of `a`: `minWeight × max|a|`, or 0 without `minWeight`
 * (only exact zeros skipped). Shared with the SIMD projection so both keep the same weights.
 *
 * @example
 * weightFloor({ rows: 1, cols: 2, data: new Float64Array([-4, 1]) }, 0.5); // 2
 */
export function weightFloor(a: Matrix, minWeight = 0): number {
  if (!minWeight) return 0;
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]));
  return minWeight * max;
}
