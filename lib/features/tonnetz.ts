import { chromaCqt, type ChromaCqtOptions } from "./chroma_cqt.ts";
import { type Matrix, zeros } from "./matrix.ts";

/**
 * Tonal centroid features, as `librosa.feature.tonnetz(y, sr)` (Harte, Sandler & Gasser, 2006).
 *
 * The L1-normalised chroma vector is projected onto three circles: fifths (r = 1, angle `7π c / 6`), minor thirds
 * (r = 1, `3π c / 2`) and major thirds (r = 0.5, `2π c / 3`), giving sin/cos pairs:
 * `ton[p, t] = Σ_c R_p cos(π (s_p c − o_p)) · chroma[c, t] / Σ_c chroma[c, t]`, with `o_p = 0.5` on even rows (sin).
 *
 * @param input Samples, or a precomputed `[12][frames]` chromagram (pass `{ isChroma: true }`).
 * @param sampleRate Sampling rate in Hz (used when computing the chromagram).
 * @returns `[6][frames]`.
 * @example
 * const ton = tonnetz(y, 22050);
 */
export function tonnetz(
  input: Float32Array | Matrix,
  sampleRate: number,
  options: ChromaCqtOptions & { isChroma?: boolean } = {},
): Matrix {
  const chroma = options.isChroma ? input as Matrix : chromaCqt(input as Float32Array, sampleRate, options);
  const C = chroma.rows, T = chroma.cols;
  const scale = [7 / 6, 7 / 6, 3 / 2, 3 / 2, 2 / 3, 2 / 3], radius = [1, 1, 1, 1, 0.5, 0.5];
  const phi = new Float64Array(6 * C);
  for (let p = 0; p < 6; p++) {
    for (let c = 0; c < C; c++) {
      const dim = (12 * c) / C;
      let v = scale[p] * dim;
      if (p % 2 === 0) v -= 0.5;
      phi[p * C + c] = radius[p] * Math.cos(Math.PI * v);
    }
  }
  const out = zeros(6, T);
  for (let t = 0; t < T; t++) {
    let l1 = 0;
    for (let c = 0; c < C; c++) l1 += Math.abs(chroma.data[c * T + t]);
    const inv = l1 < 1.1754943508222875e-38 ? 1 : 1 / l1;
    for (let p = 0; p < 6; p++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += phi[p * C + c] * chroma.data[c * T + t];
      out.data[p * T + t] = s * inv;
    }
  }
  return out;
}
