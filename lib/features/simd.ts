/**
 * The WebAssembly SIMD kernels of `_simd_kernels.c`, with the memory they work in: what `extractFeatures` runs on (and
 * what the bench times beside its JavaScript references).
 *
 * The module is instantiated on first use (synchronously: it is 13 KB). Each call copies its inputs into one linear
 * memory laid out as [module stack | resident spectrum, if open | tables and inputs | outputs | scratch], runs, and
 * copies the outputs out; the memory grows as needed and is reused. The first 256 KiB belong to the module's stack
 * (clang's default is 64 KiB).
 *
 * @module
 */
import { WASM_BASE64 } from "./_simd_kernels.ts";
import { realFft } from "./fft.ts";
import { type Matrix, weightFloor } from "./matrix.ts";
import { getWindow } from "./stft.ts";

const STACK_BYTES = 256 * 1024;

interface Kernels {
  cqt_octave(...args: number[]): void;
  stft_power(...args: number[]): void;
  project_frames(...args: number[]): void;
  contrast_frames(...args: number[]): void;
  rolloff_frames(...args: number[]): void;
  piptrack_peaks(...args: number[]): number;
  yin_acf(...args: number[]): void;
}

let state: { memory: WebAssembly.Memory; kernels: Kernels } | null = null;

function instance() {
  if (state) return state;
  const memory = new WebAssembly.Memory({ initial: 16 });
  const module = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  state = { memory, kernels: exports as unknown as Kernels };
  return state;
}

/** Where calls start allocating: after the stack, and after a resident {@linkcode SimdSpectrum} while one is open. */
let pinnedEnd = STACK_BYTES;

/** A bump allocator over the module's memory for one call. */
class Arena {
  #at = pinnedEnd;
  readonly #memory: WebAssembly.Memory;
  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }
  /** Reserve `bytes` (16-byte aligned) and return their offset, growing the memory when needed. */
  alloc(bytes: number): number {
    const at = this.#at;
    this.#at = Math.ceil((at + bytes) / 16) * 16;
    const need = this.#at - this.#memory.buffer.byteLength;
    if (need > 0) this.#memory.grow(Math.ceil(need / 65536));
    return at;
  }
  /** Copy a typed array in and return its offset. */
  put(data: Float32Array | Float64Array | Uint32Array | Int32Array): number {
    const at = this.alloc(data.byteLength);
    new Uint8Array(this.#memory.buffer, at, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    return at;
  }
  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.#memory.buffer, at, length);
  }
  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.#memory.buffer, at, length);
  }
  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.#memory.buffer, at, length);
  }
  /** Offset of the next allocation. */
  get end(): number {
    return this.#at;
  }
}

/**
 * The kernels' FFT tables for a real FFT of size n, taken from fft.ts's plan (so the float64 kernel matches it bit
 * for bit): bit reversal and stage twiddles of the half-size complex FFT, the real-FFT (cos, sin) pairs, and float32
 * copies of both twiddle sets for the float32 kernel.
 */
interface Tables {
  rev: Uint32Array;
  tw: Float32Array;
  post: Float32Array;
  tw64: Float64Array;
  post64: Float64Array;
  hann: Float64Array;
}
const tables = new Map<number, Tables>();
function tablesFor(n: number): Tables {
  let t = tables.get(n);
  if (!t) {
    const plan = realFft(n), { cos, sin } = plan.postTwiddles;
    const post64 = new Float64Array(2 * cos.length);
    for (let k = 0; k < cos.length; k++) {
      post64[2 * k] = cos[k];
      post64[2 * k + 1] = sin[k];
    }
    const tw64 = plan.half.twiddles;
    t = {
      rev: plan.half.bitReversal,
      tw: Float32Array.from(tw64),
      post: Float32Array.from(post64),
      tw64,
      post64,
      hann: getWindow("hann", n),
    };
    tables.set(n, t);
  }
  return t;
}

/** One CQT octave's filters, sparse by row (CSR), with weights of type `W`. */
export interface SparseOctave<W extends Float32Array | Float64Array> {
  nFft: number;
  /** First and last FFT bin any filter keeps. */
  lo: number;
  hi: number;
  /** Filter j's coefficients are `start[j] … start[j + 1] − 1`. */
  nRows: number;
  start: Int32Array;
  /** FFT bin of each coefficient, counted from `lo`. */
  bins: Int32Array;
  /** Complex weight of each coefficient. */
  re: W;
  im: W;
}

/**
 * Filter responses `[nRows][frames]` of one CQT octave in float32 (see `cqt_octave` in `_simd_kernels.c`): the
 * octave's sparse filters applied to the centred, rectangular-window STFT of `signal`.
 */
export function cqtOctaveSimd(
  signal: Float32Array,
  basis: SparseOctave<Float32Array>,
  options: { hopLength: number; frames: number },
): { re: Float32Array; im: Float32Array } {
  const { memory, kernels } = instance();
  const { nFft: n, lo, hi, nRows } = basis, { hopLength, frames } = options;
  if (n < 8 || (n & (n - 1)) !== 0) throw new RangeError(`SIMD CQT needs a power-of-two nFft ≥ 8: received ${n}`);
  const t = tablesFor(n), a = new Arena(memory), m = n >> 1, nb = hi - lo + 1;
  const x = a.put(signal), rev = a.put(t.rev), tw = a.put(t.tw), post = a.put(t.post);
  const start = a.put(basis.start), bins = a.put(basis.bins), wr = a.put(basis.re), wi = a.put(basis.im);
  const outRe = a.alloc(4 * nRows * frames), outIm = a.alloc(4 * nRows * frames);
  const zr = a.alloc(16 * m), zi = a.alloc(16 * m), br = a.alloc(16 * nb), bi = a.alloc(16 * nb);
  kernels.cqt_octave(
    x,
    signal.length,
    n,
    hopLength,
    frames,
    rev,
    tw,
    post,
    lo,
    hi,
    nRows,
    start,
    bins,
    wr,
    wi,
    outRe,
    outIm,
    zr,
    zi,
    br,
    bi,
  );
  return { re: a.f32(outRe, nRows * frames).slice(), im: a.f32(outIm, nRows * frames).slice() };
}

/** W's kept weights by row (CSR), each duplicated for both lanes; cached per matrix object and threshold. */
const rowCache = new WeakMap<Matrix, Map<number, { rowStart: Int32Array; col: Int32Array; weight2: Float64Array }>>();
function sparseRows2(w: Matrix, minWeight: number) {
  let byThreshold = rowCache.get(w);
  if (!byThreshold) rowCache.set(w, byThreshold = new Map());
  let sp = byThreshold.get(minWeight);
  if (!sp) {
    const skip = weightFloor(w, minWeight), col: number[] = [], weight: number[] = [];
    const rowStart = new Int32Array(w.rows + 1);
    for (let r = 0; r < w.rows; r++) {
      for (let k = 0; k < w.cols; k++) {
        const v = w.data[r * w.cols + k];
        if (v === 0 || Math.abs(v) < skip) continue;
        col.push(k);
        weight.push(v, v);
      }
      rowStart[r + 1] = col.length;
    }
    byThreshold.set(minWeight, sp = { rowStart, col: Int32Array.from(col), weight2: Float64Array.from(weight) });
  }
  return sp;
}

/**
 * `W · Sᵀ` (`[rows][frames]`) for a frame-major `S` resident at offset `S`, two frames per vector (see `project_frames`
 * in `_simd_kernels.c`): bit for bit `matmul(W, Sᵀ, { minWeight })` in matrix.ts. Weights below `minWeight × max|W|`
 * are skipped; `W`'s kept weights are cached per matrix object, so `W` must not be mutated afterwards.
 */
function project(a: Arena, w: Matrix, S: number, T: number, bins: number, minWeight: number): Matrix {
  const sp = sparseRows2(w, minWeight);
  const rowStart = a.put(sp.rowStart), col = a.put(sp.col), weight2 = a.put(sp.weight2);
  const out = a.alloc(8 * w.rows * T), pair = a.alloc(16 * bins);
  instance().kernels.project_frames(S, T, bins, rowStart, col, weight2, w.rows, out, pair);
  return { rows: w.rows, cols: T, data: a.f64(out, w.rows * T).slice() };
}

/**
 * The shared STFT of {@linkcode extractFeatures}, kept in the module's memory while the kernels that consume it run
 * there, so its power and magnitude (2 × frames × bins doubles) are never copied to JavaScript. Every method is
 * bit for bit its JavaScript counterpart (tested). One may be open at a time; `close()` it when done.
 */
export class SimdSpectrum {
  readonly frames: number;
  readonly bins: number;
  readonly #power: number;
  readonly #magnitude: number;
  #open = true;

  private constructor(frames: number, bins: number, power: number, magnitude: number) {
    this.frames = frames;
    this.bins = bins;
    this.#power = power;
    this.#magnitude = magnitude;
  }

  /** Compute the centred periodic-Hann STFT of `y` (float64, two frames per vector) and keep it resident. */
  static open(y: Float32Array, options: { nFft: number; hopLength: number; frames: number }): SimdSpectrum {
    if (pinnedEnd !== STACK_BYTES) throw new Error("a SimdSpectrum is already open");
    const { kernels, memory } = instance();
    const { nFft: n, hopLength, frames } = options;
    if (n < 8 || (n & (n - 1)) !== 0) throw new RangeError(`SIMD STFT needs a power-of-two nFft ≥ 8: received ${n}`);
    const t = tablesFor(n), a = new Arena(memory), m = n >> 1, bins = m + 1;
    const power = a.alloc(8 * frames * bins), mag = a.alloc(8 * frames * bins);
    const pinned = a.end;
    const x = a.put(y), win = a.put(t.hann), rev = a.put(t.rev), tw = a.put(t.tw64), post = a.put(t.post64);
    const zr = a.alloc(16 * m), zi = a.alloc(16 * m);
    kernels.stft_power(x, y.length, n, hopLength, frames, win, rev, tw, post, power, mag, zr, zi);
    pinnedEnd = pinned;
    return new SimdSpectrum(frames, bins, power, mag);
  }

  #check(): void {
    if (!this.#open) throw new Error("this SimdSpectrum is closed");
  }

  #of(which: "power" | "magnitude"): number {
    return which === "power" ? this.#power : this.#magnitude;
  }

  /** Copy out the power or magnitude spectrogram, frame-major `[frames][bins]`. */
  get(which: "power" | "magnitude"): Matrix {
    this.#check();
    const a = new Arena(instance().memory);
    return { rows: this.frames, cols: this.bins, data: a.f64(this.#of(which), this.frames * this.bins).slice() };
  }

  /** `W · Sᵀ` (`[rows][frames]`): bit for bit `matmul(W, S, { minWeight })` with the bins-major spectrogram. */
  project(w: Matrix, which: "power" | "magnitude", options: { minWeight?: number } = {}): Matrix {
    this.#check();
    if (w.cols !== this.bins) throw new RangeError(`project: W has ${w.cols} columns for ${this.bins} bins`);
    return project(new Arena(instance().memory), w, this.#of(which), this.frames, this.bins, options.minWeight ?? 0);
  }

  /** Spectral contrast's band peaks and valleys of the magnitude (`[bands][frames]` each), as spectral_contrast.ts. */
  contrastPeaks(bands: readonly { lo: number; n: number; q: number }[]): { peak: Matrix; valley: Matrix } {
    this.#check();
    const a = new Arena(instance().memory), T = this.frames, nb = bands.length;
    const lo = a.put(Int32Array.from(bands, (b) => b.lo)), n = a.put(Int32Array.from(bands, (b) => b.n));
    const q = a.put(Int32Array.from(bands, (b) => b.q)), maxQ = Math.max(...bands.map((b) => b.q));
    const peak = a.alloc(8 * nb * T), valley = a.alloc(8 * nb * T), low = a.alloc(8 * maxQ), high = a.alloc(8 * maxQ);
    instance().kernels.contrast_frames(this.#magnitude, T, this.bins, nb, lo, n, q, peak, valley, low, high);
    return {
      peak: { rows: nb, cols: T, data: a.f64(peak, nb * T).slice() },
      valley: { rows: nb, cols: T, data: a.f64(valley, nb * T).slice() },
    };
  }

  /** Per frame, the first bin whose cumulative magnitude reaches `percent` of the frame's total, or −1. */
  rolloffBins(percent: number): Int32Array {
    this.#check();
    const a = new Arena(instance().memory), out = a.alloc(4 * this.frames);
    instance().kernels.rolloff_frames(this.#magnitude, this.frames, this.bins, percent, out);
    return a.i32(out, this.frames).slice();
  }

  /** piptrack's peaks with a positive pitch (Hz) and their magnitudes, as piptrack.ts finds them. */
  peaks(
    which: "power" | "magnitude",
    options: { kLo: number; kHi: number; threshold: number; sampleRate: number },
  ): { pitches: Float64Array; magnitudes: Float64Array } {
    this.#check();
    const a = new Arena(instance().memory),
      B = this.bins,
      most = this.frames * Math.max(0, options.kHi - options.kLo + 1);
    const pitch = a.alloc(8 * most), mag = a.alloc(8 * most), col = a.alloc(8 * B), masked = a.alloc(8 * B);
    const count = instance().kernels.piptrack_peaks(
      this.#of(which),
      this.frames,
      B,
      options.kLo,
      options.kHi,
      options.threshold,
      options.sampleRate,
      (B - 1) * 2,
      pitch,
      mag,
      col,
      masked,
    );
    return { pitches: a.f64(pitch, count).slice(), magnitudes: a.f64(mag, count).slice() };
  }

  /** Release the memory (the spectrum can no longer be used). */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    pinnedEnd = STACK_BYTES;
  }
}

/**
 * YIN's autocorrelation term for every frame, as `yin()` computes it in TypeScript, bit for bit: row t holds
 * `Re FFT(P)[W + τ]` (L times the autocorrelation at lag τ) for τ = 0 … taus − 1, frames starting at `t·hop − pad`.
 *
 * @param y Samples (float32, as the features take them).
 * @param o.frameLength L, a power of two ≥ 8; `winLength` W; `hopLength`; `pad` (samples of zeros before the first
 *   frame); `frames`; `taus` (lags kept, at most L − W).
 * @returns `[frames][taus]`, frame-major.
 */
export function yinAcfSimd(
  y: Float32Array,
  o: { frameLength: number; winLength: number; hopLength: number; pad: number; frames: number; taus: number },
): Float64Array {
  const L = o.frameLength;
  if (L < 8 || (L & (L - 1)) !== 0) {
    throw new RangeError(`SIMD YIN needs a power-of-two frameLength ≥ 8: received ${L}`);
  }
  if (o.taus > L - o.winLength) throw new RangeError(`SIMD YIN keeps at most L − W lags: received ${o.taus}`);
  const { kernels, memory } = instance();
  const t = tablesFor(2 * L), a = new Arena(memory);
  const x = a.put(y), rev = a.put(t.rev), tw = a.put(t.tw64);
  const out = a.alloc(8 * o.frames * o.taus);
  const zr = a.alloc(16 * L), zi = a.alloc(16 * L), pr = a.alloc(16 * L), pi = a.alloc(16 * L);
  kernels.yin_acf(x, y.length, L, o.winLength, o.hopLength, o.pad, o.frames, o.taus, rev, tw, out, zr, zi, pr, pi);
  return new Float64Array(memory.buffer, out, o.frames * o.taus).slice();
}
