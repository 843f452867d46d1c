import { framesOf, type SignalOrSpectrogram } from "./_input.ts";
import type { Matrix } from "./matrix.ts";
import { fftFrequencies } from "./stft.ts";

/** Options for {@linkcode spectralRolloff}. */
export interface SpectralRolloffOptions {
  /** FFT size. Default 2048. */
  nFft?: number;
  /** Hop length when computing the STFT. Default `nFft / 4`. */
  hopLength?: number;
  /** Fraction of the frame's energy below the roll-off. Default 0.85. */
  rollPercent?: number;
}

/**
 * Roll-off frequency per frame, as `librosa.feature.spectral_rolloff(y, sr)`: the centre frequency of the first
 * bin whose cumulative magnitude reaches `rollPercent` of the frame's total.
 *
 * @param input Samples, or a precomputed (non-negative) magnitude spectrogram.
 * @param sampleRate Sampling rate in Hz.
 * @returns `[1][frames]` in Hz. A silent frame gives 0 Hz.
 * @throws {RangeError} If `rollPercent` is outside (0, 1).
 * @example
 * const rolloff = spectralRolloff(y, 22050);
 */
export function spectralRolloff(
  input: SignalOrSpectrogram,
  sampleRate: number,
  options: SpectralRolloffOptions = {},
): Matrix {
  const { rollPercent = 0.85 } = options;
  if (!(rollPercent > 0 && rollPercent < 1)) {
    throw new RangeError(`\`rollPercent\` must lie in (0, 1): received ${rollPercent}`);
  }
  return spectralRolloffFrames(framesOf(input, 1, options.nFft, options.hopLength), sampleRate, options);
}

/** {@linkcode spectralRolloff} of a frame-major (`[frames][bins]`) magnitude spectrogram. */
function spectralRolloffFrames(
  frames: Matrix,
  sampleRate: number,
  options: SpectralRolloffOptions = {},
): Matrix {
  const { rollPercent = 0.85 } = options;
  const B = frames.cols, T = frames.rows, sd = frames.data;
  const freq = fftFrequencies(sampleRate, (B - 1) * 2);
  const data = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const base = t * B;
    let total = 0;
    for (let k = 0; k < B; k++) total += sd[base + k];
    const threshold = rollPercent * total;
    let acc = 0;
    for (let k = 0; k < B; k++) {
      acc += sd[base + k];
      if (acc >= threshold) {
        data[t] = freq[k];
        break;
      }
    }
  }
  return { rows: 1, cols: T, data };
}
