/**
 * Private: turn "a signal or a precomputed spectrogram" into the spectrogram a feature needs.
 *
 * @module
 */
import { type Matrix, transpose } from "./matrix.ts";
import { spectrogram } from "./stft.ts";

/** A signal, or a precomputed `[nFft/2 + 1][frames]` spectrogram. */
export type SignalOrSpectrogram = ArrayLike<number> | Matrix;

/** True when the input is a spectrogram matrix rather than samples. */
export function isMatrix(x: SignalOrSpectrogram): x is Matrix {
  return (x as Matrix).data instanceof Float64Array && typeof (x as Matrix).rows === "number";
}

/** The spectrogram given, or `|stft(y)|^power` with librosa's defaults for the given nFft and hop. */
export function spectrogramOf(x: SignalOrSpectrogram, power: number, nFft = 2048, hopLength?: number): Matrix {
  return isMatrix(x) ? x : spectrogram(x, { nFft, hopLength, power });
}

/**
 * The same spectrogram frame-major (`[frames][bins]`, each frame's spectrum contiguous), for the per-frame kernels.
 * A signal's spectrogram is transposed once; {@linkcode extractFeatures} builds its frames frame-major directly.
 */
export function framesOf(x: SignalOrSpectrogram, power: number, nFft = 2048, hopLength?: number): Matrix {
  return transpose(spectrogramOf(x, power, nFft, hopLength));
}
