import type { Matrix } from "./matrix.ts";

/** Options for {@linkcode powerToDb}, as librosa's. */
export interface PowerToDbOptions {
  /** Reference power: 0 dB. Default 1. */
  ref?: number;
  /** Floor applied to the power and to `ref` before the log. Default 1e-10. */
  amin?: number;
  /** Clip to at most this many dB below the matrix's maximum; `null` disables. Default 80. */
  topDb?: number | null;
}

/**
 * Power to decibels, as `librosa.power_to_db`: `10 log10(max(amin, S)) − 10 log10(max(amin, ref))`, then
 * `max(dB, max(dB) − topDb)` over the whole matrix.
 *
 * @param S Power values (any shape).
 * @returns A new matrix in dB.
 * @throws {RangeError} If `amin` is not positive or `topDb` is negative.
 * @example
 * powerToDb({ rows: 1, cols: 2, data: new Float64Array([1, 0]) }).data; // [0, -80]
 */
export function powerToDb(S: Matrix, options: PowerToDbOptions = {}): Matrix {
  const { ref = 1, amin = 1e-10, topDb = 80 } = options;
  if (!(amin > 0)) throw new RangeError(`\`amin\` must be strictly positive: received ${amin}`);
  if (topDb !== null && !(topDb >= 0)) throw new RangeError(`\`topDb\` must be non-negative: received ${topDb}`);
  const off = 10 * Math.log10(Math.max(amin, Math.abs(ref)));
  const data = new Float64Array(S.data.length);
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, S.data[i])) - off;
    data[i] = v;
    if (v > max) max = v;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < data.length; i++) if (data[i] < floor) data[i] = floor;
  }
  return { rows: S.rows, cols: S.cols, data };
}
