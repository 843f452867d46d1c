import { type SignalOrSpectrogram, spectrogramOf } from "./_input.ts";
import { matmul, type Matrix, zeros } from "./matrix.ts";
import { estimateTuning } from "./piptrack.ts";
import { memo } from "./_memo.ts";

/** Options for {@linkcode chromaFilterBank}, as `librosa.filters.chroma`'s. */
export interface ChromaFilterBankOptions {
  /** FFT size. Default 2048. */
  nFft?: number;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Tuning deviation from A440 in fractions of a chroma bin. Default 0. */
  tuning?: number;
  /** Centre of the Gaussian octave weighting, in octaves above A0/16·… (librosa's `ctroct`). Default 5. */
  ctrOct?: number;
  /** Width of the octave weighting in octaves, or `null` for flat. Default 2. */
  octWidth?: number | null;
}

/**
 * Chroma filter bank mapping STFT bins to pitch classes, as `librosa.filters.chroma` (Dan Ellis's `fft2chromamx`).
 *
 * Each bin's frequency is placed on a chroma axis `c = nChroma · log2(f / (A440 / 16))`; weights are Gaussians
 * `exp(−½ (2 D / w)²)` of the wrapped distance D to each chroma, with width w the bin spacing (≥ 1), L2-normalised
 * per column, times an octave weighting `exp(−½ ((c / nChroma − ctrOct) / octWidth)²)`, rolled to start at C, and
 * rounded to float32. Banks are cached per parameter set; treat the result as read-only.
 *
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nChroma][nFft / 2 + 1]` weights.
 * @example
 * const fb = chromaFilterBank(22050, { nFft: 2048, tuning: -0.1 });
 */
export function chromaFilterBank(sampleRate: number, options: ChromaFilterBankOptions = {}): Matrix {
  const { nFft = 2048, nChroma = 12, tuning = 0, ctrOct = 5, octWidth = 2 } = options;
  return memo(
    "chroma",
    [sampleRate, nFft, nChroma, tuning, ctrOct, octWidth],
    () => buildChroma(sampleRate, nFft, nChroma, tuning, ctrOct, octWidth),
  );
}

function buildChroma(
  sampleRate: number,
  nFft: number,
  nChroma: number,
  tuning: number,
  ctrOct: number,
  octWidth: number | null,
): Matrix {
  const a440 = 440 * 2 ** (tuning / nChroma);
  // frqbins over the full FFT (n_fft values, bin 0 replaced by a virtual bin 1.5 octaves below bin 1).
  const frq = new Float64Array(nFft);
  for (let i = 1; i < nFft; i++) frq[i] = nChroma * Math.log2((i * sampleRate / nFft) / (a440 / 16));
  frq[0] = frq[1] - 1.5 * nChroma;
  const width = new Float64Array(nFft);
  for (let i = 0; i < nFft - 1; i++) width[i] = Math.max(frq[i + 1] - frq[i], 1);
  width[nFft - 1] = 1;
  const half = Math.round(nChroma / 2);
  // librosa builds all nFft columns and keeps the first nFft/2 + 1; each column is normalised on its own, so only
  // those are computed here (the same values).
  const bins = (nFft >> 1) + 1;
  const wts = new Float64Array(nChroma * bins);
  for (let c = 0; c < nChroma; c++) {
    for (let i = 0; i < bins; i++) {
      let d = frq[i] - c + half + 10 * nChroma;
      d = d - nChroma * Math.floor(d / nChroma) - half; // np.remainder, then re-centre
      wts[c * bins + i] = Math.exp(-0.5 * (2 * d / width[i]) ** 2);
    }
  }
  for (let i = 0; i < bins; i++) {
    let norm = 0;
    for (let c = 0; c < nChroma; c++) norm += wts[c * bins + i] ** 2;
    norm = Math.sqrt(norm);
    const oct = octWidth === null ? 1 : Math.exp(-0.5 * ((frq[i] / nChroma - ctrOct) / octWidth) ** 2);
    for (let c = 0; c < nChroma; c++) {
      const w = wts[c * bins + i];
      wts[c * bins + i] = (norm < 2.2250738585072014e-308 ? w : w / norm) * oct;
    }
  }
  const shift = 3 * Math.floor(nChroma / 12);
  const out = zeros(nChroma, bins);
  for (let c = 0; c < nChroma; c++) {
    const src = (c + shift) % nChroma; // np.roll(wts, −shift, axis=0)
    for (let i = 0; i < bins; i++) out.data[c * bins + i] = Math.fround(wts[src * bins + i]);
  }
  return out;
}

/**
 * Scale each column by its maximum absolute value (librosa's `util.normalize(norm=inf, axis=0)`); columns whose
 * maximum is below the smallest normal float32 are left as they are.
 */
export function normaliseColumnsMax(m: Matrix): Matrix {
  const { rows, cols } = m, data = m.data.slice();
  for (let t = 0; t < cols; t++) {
    let mx = 0;
    for (let r = 0; r < rows; r++) mx = Math.max(mx, Math.abs(data[r * cols + t]));
    if (mx < 1.1754943508222875e-38) continue;
    for (let r = 0; r < rows; r++) data[r * cols + t] /= mx;
  }
  return { rows, cols, data };
}

/** Options for {@linkcode chromaStft}. */
export interface ChromaStftOptions extends Omit<ChromaFilterBankOptions, "tuning"> {
  /** Tuning in fractions of a chroma bin, or `null` to estimate it from the spectrogram. Default `null`. */
  tuning?: number | null;
  /** Hop length when computing the STFT. Default `nFft / 4`. */
  hopLength?: number;
}

/**
 * Chromagram from a power spectrogram, as `librosa.feature.chroma_stft(y, sr)`: the tuning is estimated from the
 * power spectrogram (`estimate_tuning(S=S, bins_per_octave=nChroma)`), then `chromaFilterBank · S`, max-normalised
 * per frame.
 *
 * @param input Samples, or a precomputed power spectrogram `[nFft/2 + 1][frames]`.
 * @param sampleRate Sampling rate in Hz.
 * @returns `[nChroma][frames]` in [0, 1].
 * @example
 * const chroma = chromaStft(y, 22050);
 */
export function chromaStft(input: SignalOrSpectrogram, sampleRate: number, options: ChromaStftOptions = {}): Matrix {
  const nFft = options.nFft ?? 2048;
  const S = spectrogramOf(input, 2, nFft, options.hopLength);
  const nChroma = options.nChroma ?? 12;
  const tuning = options.tuning ?? estimateTuning(S, sampleRate, { nFft, binsPerOctave: nChroma });
  const fb = chromaFilterBank(sampleRate, { ...options, nFft: (S.rows - 1) * 2, tuning });
  return normaliseColumnsMax(matmul(fb, S, { minWeight: 1e-12 }));
}
