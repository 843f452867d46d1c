import type { ResamplerName } from "../audio/resample.ts";
import { normaliseColumnsMax } from "./chroma_stft.ts";
import { C1_HZ, cqt } from "./cqt.ts";
import { matmul, type Matrix, zeros } from "./matrix.ts";
import { magnitude } from "./stft.ts";

/** Options for {@linkcode chromaCqt}, as librosa's. */
export interface ChromaCqtOptions {
  /** Hop in samples. Default 512. */
  hopLength?: number;
  /** Lowest CQT frequency before tuning, Hz. Default C1. */
  fMin?: number;
  /** Tuning in fractions of a CQT bin, or `null` to estimate it. Default `null`. */
  tuning?: number | null;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Octaves analysed. Default 7. */
  nOctaves?: number;
  /** CQT bins per octave, a multiple of nChroma. Default 36. */
  binsPerOctave?: number;
  /** Resampler for the CQT's octave halving. Default `"auto"`. */
  resType?: ResamplerName | "auto";
}

/**
 * Map CQT bins onto pitch classes, as `librosa.filters.cq_to_chroma`: each chroma bin sums the
 * `binsPerOctave / nChroma` CQT bins centred on it, in every octave, starting from C when fMin is a C.
 *
 * @param nInput Number of CQT bins.
 * @returns `[nChroma][nInput]` of zeros and ones.
 * @throws {RangeError} If binsPerOctave is not a multiple of nChroma.
 * @example
 * cqToChroma(252, { binsPerOctave: 36 }); // 12 × 252
 */
export function cqToChroma(
  nInput: number,
  options: { binsPerOctave?: number; nChroma?: number; fMin?: number } = {},
): Matrix {
  const { binsPerOctave = 12, nChroma = 12, fMin = C1_HZ } = options;
  const merge = binsPerOctave / nChroma;
  if (!Number.isInteger(merge)) {
    throw new RangeError(`\`binsPerOctave\` ${binsPerOctave} must be an integer multiple of \`nChroma\` ${nChroma}`);
  }
  const midi = 12 * Math.log2(fMin / 440) + 69;
  const roll = Math.round(((midi % 12) + 12) % 12 * (nChroma / 12));
  const half = Math.floor(merge / 2);
  const out = zeros(nChroma, nInput);
  for (let i = 0; i < nInput; i++) {
    // Column i of the octave template (after np.roll(−⌊merge/2⌋)) belongs to chroma ⌊((i + half) mod bpo) / merge⌋.
    const c = Math.floor(((i % binsPerOctave) + half) % binsPerOctave / merge);
    out.data[((c + roll) % nChroma) * nInput + i] = 1;
  }
  return out;
}

/**
 * Constant-Q chromagram, as `librosa.feature.chroma_cqt(y, sr)`: `|cqt|` over `nOctaves × binsPerOctave` bins from
 * C1 (tuning estimated from the signal by default), folded to pitch classes, max-normalised per frame.
 *
 * @param y Samples.
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nChroma][frames]` in [0, 1].
 * @example
 * const chroma = chromaCqt(y, 22050);
 */
export function chromaCqt(y: Float32Array, sampleRate: number, options: ChromaCqtOptions = {}): Matrix {
  const { hopLength = 512, fMin = C1_HZ, tuning = null, nChroma = 12, nOctaves = 7, binsPerOctave = 36, resType } =
    options;
  const C = magnitude(
    cqt(y, sampleRate, { hopLength, fMin, nBins: nOctaves * binsPerOctave, binsPerOctave, tuning, resType }),
  );
  const chroma = matmul(cqToChroma(C.rows, { binsPerOctave, nChroma, fMin }), C);
  for (let i = 0; i < chroma.data.length; i++) if (chroma.data[i] < 0) chroma.data[i] = 0;
  return normaliseColumnsMax(chroma);
}
