/**
 * Private: the CQT's frequency-domain filter bases, as librosa's `__vqt_filter_fft` builds them per octave.
 *
 * In librosa's recursive CQT, octave i applies filters for frequencies `f / 2^i` at the rate `sr / 2^i`: the ratio
 * `f / sr` — all a filter depends on, with its relative bandwidth — is the same in every octave, and halving both is
 * exact in binary floating point. So one octave's filters serve all of them, times each octave's gain `√(sr / sr_i)`.
 * The relative bandwidths of different octaves can differ in their last bit (from `log2`), which moves a float64
 * filter length by ~1e-14; the float32 weights librosa stores come out the same (checked bit for bit over the whole
 * tuning grid in `cqt_test.ts`). The octave built is an interior one (both neighbours present), whose bandwidths are
 * the centred ones most octaves have.
 *
 * @module
 */
import { complexFft } from "./_fft.ts";
import { getWindow } from "./stft.ts";
import type { SparseOctave } from "./_simd.ts";

/** One octave's frequency-domain filters, stored sparsely by row. */
interface OctaveBasis extends SparseOctave<Float64Array> {
  /** The same filters with float32 weights, for the SIMD kernel (made on first use). */
  f32?: SparseOctave<Float32Array>;
}

/**
 * Relative bandwidth of each bin, as librosa's `filters._relative_bandwidth`: from the local bins-per-octave
 * (one-sided at the ends, centred inside), `α = (2^{2/bpo} − 1) / (2^{2/bpo} + 1)`.
 */
export function relativeBandwidth(freqs: Float64Array): Float64Array {
  const n = freqs.length, logf = freqs.map(Math.log2), alpha = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bpo = i === 0
      ? 1 / (logf[1] - logf[0])
      : i === n - 1
      ? 1 / (logf[n - 1] - logf[n - 2])
      : 2 / (logf[i + 1] - logf[i - 1]);
    const r = 2 ** (2 / bpo);
    alpha[i] = (r - 1) / (r + 1);
  }
  return alpha;
}

/**
 * Frequency-domain filters for one octave, as librosa's `__vqt_filter_fft` with `filters.wavelet` (gamma 0, Hann,
 * L1 norm): each filter is a Hann-windowed complex exponential of length `Q · sr / f` (Q = filterScale / α),
 * L1-normalised, rounded to complex64, centred in a power-of-two frame, scaled by `length / nFft`, transformed, and
 * sparsified.
 */
export function octaveBasis(
  sr: number,
  freqs: Float64Array,
  alpha: Float64Array,
  filterScale: number,
  sparsity: number,
  gain: number,
): OctaveBasis {
  const lengths = freqs.map((f, i) => (filterScale / alpha[i]) * sr / f);
  const nFft = 2 ** Math.ceil(Math.log2(Math.max(...lengths)));
  const fft = complexFft(nFft);
  const rows: { bins: Int32Array; re: Float64Array; im: Float64Array }[] = [];
  const re = new Float64Array(nFft), im = new Float64Array(nFft);
  const keepBins = (nFft >> 1) + 1;
  for (let j = 0; j < freqs.length; j++) {
    const ilen = lengths[j];
    const start = Math.floor(-ilen / 2), stop = Math.floor(ilen / 2);
    const count = Math.ceil(stop - start);
    const win = getWindow("hann", count);
    re.fill(0);
    im.fill(0);
    const lpad = Math.floor((nFft - count) / 2);
    let l1 = 0;
    const sr_ = new Float64Array(count), si_ = new Float64Array(count);
    for (let n = 0; n < count; n++) {
      const angle = (start + n) * 2 * Math.PI * freqs[j] / sr;
      sr_[n] = Math.cos(angle) * win[n];
      si_[n] = Math.sin(angle) * win[n];
      l1 += Math.hypot(sr_[n], si_[n]);
    }
    const scale = ilen / nFft;
    for (let n = 0; n < count; n++) {
      re[lpad + n] = Math.fround(Math.fround(sr_[n] / l1) * scale);
      im[lpad + n] = Math.fround(Math.fround(si_[n] / l1) * scale);
    }
    fft.transform(re, im);
    // util.sparsify_rows: drop the smallest coefficients whose cumulative share of the L1 mass is below `sparsity`.
    const mags = new Float64Array(keepBins);
    let total = 0;
    for (let k = 0; k < keepBins; k++) total += mags[k] = Math.hypot(re[k], im[k]);
    const sorted = mags.slice().sort();
    let cum = 0, cut = sorted[0];
    for (let k = 0; k < keepBins; k++) {
      cum += sorted[k] / total;
      if (!(cum < sparsity)) {
        cut = sorted[k];
        break;
      }
    }
    const bins: number[] = [];
    for (let k = 0; k < keepBins; k++) if (mags[k] >= cut) bins.push(k);
    rows.push({
      bins: Int32Array.from(bins),
      re: Float64Array.from(bins, (k) => Math.fround(re[k]) * gain),
      im: Float64Array.from(bins, (k) => Math.fround(im[k]) * gain),
    });
  }
  const lo = Math.min(...rows.map((r) => r.bins[0])), hi = Math.max(...rows.map((r) => r.bins[r.bins.length - 1]));
  const start = new Int32Array(rows.length + 1);
  rows.forEach((r, j) => start[j + 1] = start[j] + r.bins.length);
  const nnz = start[rows.length];
  const basis = {
    nFft,
    lo,
    hi,
    nRows: rows.length,
    start,
    bins: new Int32Array(nnz),
    re: new Float64Array(nnz),
    im: new Float64Array(nnz),
  };
  rows.forEach((r, j) => {
    basis.bins.set(r.bins.map((k) => k - lo), start[j]);
    basis.re.set(r.re, start[j]);
    basis.im.set(r.im, start[j]);
  });
  return basis;
}

/** A basis with every weight multiplied by `gain` (after the float32 rounding, as librosa scales `fft_basis`). */
function withGain(b: OctaveBasis, gain: number): OctaveBasis {
  if (gain === 1) return b;
  return { ...b, f32: undefined, re: b.re.map((v) => v * gain), im: b.im.map((v) => v * gain) };
}

/**
 * The bases of every octave, top octave first: built once from an interior octave and reused (`reuse`, the default,
 * when all octaves are full and there are at least three), or built octave by octave as librosa does.
 */
export function cqtBases(
  sr: number,
  freqs: Float64Array,
  alpha: Float64Array,
  o: { nOctaves: number; nFilters: number; filterScale: number; sparsity: number; reuse?: boolean },
): OctaveBasis[] {
  const nBins = freqs.length;
  const slice = (i: number) => {
    const hi = nBins - o.nFilters * i, lo = Math.max(0, hi - o.nFilters);
    return [lo, hi] as const;
  };
  const reuse = (o.reuse ?? true) && o.nOctaves >= 3 && nBins === o.nFilters * o.nOctaves;
  if (reuse) {
    const [lo, hi] = slice(1);
    const base = octaveBasis(sr / 2, freqs.subarray(lo, hi), alpha.subarray(lo, hi), o.filterScale, o.sparsity, 1);
    return Array.from({ length: o.nOctaves }, (_, i) => withGain(base, Math.sqrt(sr / (sr / 2 ** i))));
  }
  return Array.from({ length: o.nOctaves }, (_, i) => {
    const [lo, hi] = slice(i), mySr = sr / 2 ** i;
    return octaveBasis(
      mySr,
      freqs.subarray(lo, hi),
      alpha.subarray(lo, hi),
      o.filterScale,
      o.sparsity,
      Math.sqrt(sr / mySr),
    );
  });
}
