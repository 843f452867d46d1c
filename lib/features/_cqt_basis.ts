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
import { complexFft } from "./fft.ts";
import { getWindow } from "./stft.ts";
import type { SparseOctave } from "./simd.ts";

/** One octave's frequency-domain filters, stored sparsely by row. */
export interface OctaveBasis extends SparseOctave<Float64Array> {
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
    const win = hannWindow(count);
    re.fill(0);
    im.fill(0);
    const lpad = Math.floor((nFft - count) / 2);
    const sr_ = new Float64Array(count), si_ = new Float64Array(count);
    // Sample m = start + n has angle m·2π·f/sr. Where −m is also in the frame, its cos is the same and its sin the
    // negation, bit for bit (negation commutes with the products, and cos/sin are even/odd exactly), so half the
    // trigonometry is copied.
    for (let n = 0; n < count; n++) {
      const m = start + n;
      if (m < 0 && -m - start < count) continue;
      const angle = m * 2 * Math.PI * freqs[j] / sr;
      sr_[n] = Math.cos(angle);
      si_[n] = Math.sin(angle);
    }
    for (let n = 0; n < -start; n++) {
      const mirror = -2 * start - n;
      if (mirror >= count) continue;
      sr_[n] = sr_[mirror];
      si_[n] = -si_[mirror];
    }
    let l1 = 0;
    for (let n = 0; n < count; n++) {
      sr_[n] *= win[n];
      si_[n] *= win[n];
      l1 += Math.sqrt(sr_[n] * sr_[n] + si_[n] * si_[n]);
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
    for (let k = 0; k < keepBins; k++) total += mags[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    const cut = sparsityCut(mags, sparsity * total);
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

const windows = new Map<number, Float64Array>();

/** The periodic Hann window of `n` points, as `getWindow("hann", n)`, cached (filter lengths recur across tunings). */
function hannWindow(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) {
    if (windows.size >= 4096) windows.clear();
    windows.set(n, w = getWindow("hann", n));
  }
  return w;
}

/**
 * The sparsification threshold of `util.sparsify_rows`: the smallest value `v` such that the values up to `v`, in
 * ascending order, sum to at least `mass`. Found by selection (expected linear time) instead of a full sort; `mags` is
 * not modified.
 */
export function sparsityCut(mags: Float64Array, mass: number): number {
  const a = mags.slice();
  let lo = 0, hi = a.length, below = 0;
  while (hi - lo > 0) {
    const pivot = a[(lo + hi) >> 1];
    // Three-way partition of a[lo, hi): < pivot, == pivot, > pivot.
    let lt = lo, i = lo, gt = hi, less = 0;
    while (i < gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
        less += v;
      } else if (v > pivot) {
        a[i] = a[--gt];
        a[gt] = v;
      } else i++;
    }
    if (below + less >= mass) hi = lt;
    else if (below + less + (gt - lt) * pivot >= mass) return pivot;
    else {
      below += less + (gt - lt) * pivot;
      lo = gt;
    }
  }
  return a[Math.min(lo, a.length - 1)];
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
