import { melSpectrogram, type MelSpectrogramOptions } from "./mel.ts";
import { type Matrix, zeros } from "./matrix.ts";
import { powerToDb } from "./power_to_db.ts";
import type { SignalOrSpectrogram } from "./_input.ts";
import { memo } from "./_memo.ts";

/** Options for {@linkcode mfcc}. */
export interface MfccOptions extends MelSpectrogramOptions {
  /** Number of coefficients kept. Default 20 (the seed asks for 40). */
  nMfcc?: number;
}

/**
 * Orthonormal DCT-II along rows, as `scipy.fft.dct(x, type=2, norm="ortho", axis=-2)`, keeping the first `n` rows:
 * `X[k, t] = s_k Σ_n x[n, t] cos(πk(2n + 1) / 2N)`, with `s_0 = √(1/N)` and `s_k = √(2/N)`.
 *
 * @example
 * dctOrtho({ rows: 2, cols: 1, data: new Float64Array([1, 1]) }, 2).data; // [√2, 0]
 */
export function dctOrtho(x: Matrix, n = x.rows): Matrix {
  const N = x.rows, T = x.cols, out = zeros(n, T);
  const basis = memo("dct", [N, n], () => {
    const b = new Float64Array(n * N);
    for (let k = 0; k < n; k++) {
      const s = k === 0 ? Math.sqrt(1 / N) : Math.sqrt(2 / N);
      for (let i = 0; i < N; i++) b[k * N + i] = s * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * N));
    }
    return b;
  });
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < N; i++) {
      const c = basis[k * N + i];
      const xi = i * T, ok = k * T;
      for (let t = 0; t < T; t++) out.data[ok + t] += c * x.data[xi + t];
    }
  }
  return out;
}

/**
 * Mel-frequency cepstral coefficients, as `librosa.feature.mfcc(y, sr, n_mfcc)`:
 * DCT-II (ortho) of `powerToDb(melSpectrogram(y))` with ref 1, amin 1e-10 and topDb 80.
 *
 * @param input Samples, or a precomputed mel power spectrogram `[nMels][frames]` (pass `{ isMel: true }`).
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nMfcc][frames]`.
 * @throws {RangeError} If `nMfcc` exceeds the number of mel bands.
 * @example
 * const C = mfcc(y, 22050, { nMfcc: 40 });
 */
export function mfcc(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: MfccOptions & { isMel?: boolean } = {},
): Matrix {
  const { nMfcc = 20 } = options;
  const mel = options.isMel ? input as Matrix : melSpectrogram(input, sampleRate, options);
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > mel.rows) {
    throw new RangeError(`\`nMfcc\` must be an integer in [1, ${mel.rows}]: received ${nMfcc}`);
  }
  return dctOrtho(powerToDb(mel), nMfcc);
}
