/**
 * Private: the WebAssembly SIMD kernels of `_simd_kernels.c`, with the memory they work in.
 *
 * The module is instantiated on first use (synchronously: it is 4 KB). Each call copies its inputs into one linear
 * memory laid out as [module stack | tables | inputs | outputs | scratch], runs, and copies the outputs out; the
 * memory grows as needed and is reused. The first 256 KiB belong to the module's stack.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { WASM_BASE64 } from "./_simd_kernels.ts";
import type { Matrix } from "./matrix.ts";
import { getWindow } from "./stft.ts";

const STACK_BYTES = 256 * 1024;

interface Kernels {
  cqt_octave(...args: number[]): void;
  stft_power(...args: number[]): void;
  project_frames(...args: number[]): void;
}

let state: { memory: WebAssembly.Memory; kernels: Kernels } | null = null;

function instance() {
  if (state) return state;
  const memory = new WebAssembly.Memory({ initial: 16 });
  const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, "base64"));
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  state = { memory, kernels: exports as unknown as Kernels };
  return state;
}

/** A bump allocator over the module's memory for one call. */
class Arena {
  #at = STACK_BYTES;
  readonly #memory: WebAssembly.Memory;
  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }
  /** Reserve `bytes` (16-byte aligned) and return their offset, growing the memory when needed. */
  alloc(bytes: number): number {
    const at = this.#at;
    this.#at = (at + bytes + 15) & ~15;
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
}

/** FFT tables for a real FFT of size n, as the kernels want them, with twiddles in float32 and float64. */
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
    const m = n >> 1, bits = Math.round(Math.log2(m));
    const rev = new Uint32Array(Math.max(1, m >> 1));
    for (let i = 0; i < rev.length; i++) {
      let r = 0;
      for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
      rev[i] = r;
    }
    // The same values as _fft.ts's tables (Math.cos/sin in float64), so the float64 kernel matches it bit for bit.
    const tw64 = new Float64Array(2 * Math.max(1, m));
    for (let h = 1; h < m; h <<= 1) {
      for (let k = 0; k < h; k++) {
        tw64[2 * (h - 1 + k)] = Math.cos((Math.PI * k) / h);
        tw64[2 * (h - 1 + k) + 1] = -Math.sin((Math.PI * k) / h);
      }
    }
    const post64 = new Float64Array(2 * (m + 1));
    for (let k = 0; k <= m; k++) {
      post64[2 * k] = Math.cos((2 * Math.PI * k) / n);
      post64[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
    }
    const tw = Float32Array.from(tw64), post = Float32Array.from(post64);
    const hann = getWindow("hann", n);
    tables.set(n, t = { rev, tw, post, tw64, post64, hann });
  }
  return t;
}

/** One CQT octave's sparse filters, with float32 weights, bins counted from `lo`. */
export interface SimdBasis {
  nFft: number;
  lo: number;
  hi: number;
  nRows: number;
  start: Int32Array;
  bins: Int32Array;
  re: Float32Array;
  im: Float32Array;
}

/**
 * Filter responses `[nRows][frames]` of one CQT octave in float32 (see `cqt_octave` in `_simd_kernels.c`): the
 * octave's sparse filters applied to the centred, rectangular-window STFT of `signal`.
 */
export function cqtOctaveSimd(
  signal: Float32Array,
  basis: SimdBasis,
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

/**
 * Power and magnitude spectrograms, frame-major (`[frames][nFft/2 + 1]`), of the centred, zero-padded, periodic-Hann
 * STFT of `y` in float64, two frames per vector (see `stft_power` in `_simd_kernels.c`). Bit for bit what
 * {@linkcode forEachFrame} and `_fft.ts` give.
 */
export function stftPowerSimd(
  y: Float32Array,
  options: { nFft: number; hopLength: number; frames: number },
): { power: Matrix; magnitude: Matrix } {
  const { memory, kernels } = instance();
  const { nFft: n, hopLength, frames } = options;
  if (n < 8 || (n & (n - 1)) !== 0) throw new RangeError(`SIMD STFT needs a power-of-two nFft ≥ 8: received ${n}`);
  const t = tablesFor(n), a = new Arena(memory), m = n >> 1, bins = m + 1;
  const x = a.put(y), win = a.put(t.hann), rev = a.put(t.rev), tw = a.put(t.tw64), post = a.put(t.post64);
  const power = a.alloc(8 * frames * bins), mag = a.alloc(8 * frames * bins);
  const zr = a.alloc(16 * m), zi = a.alloc(16 * m);
  kernels.stft_power(x, y.length, n, hopLength, frames, win, rev, tw, post, power, mag, zr, zi);
  return {
    power: { rows: frames, cols: bins, data: a.f64(power, frames * bins).slice() },
    magnitude: { rows: frames, cols: bins, data: a.f64(mag, frames * bins).slice() },
  };
}

/** W's kept weights by column (bin), cached per matrix object and threshold. */
const columnCache = new WeakMap<Matrix, Map<number, { colStart: Int32Array; row: Int32Array; weight: Float64Array }>>();
function sparseColumns(w: Matrix, minWeight: number) {
  let byThreshold = columnCache.get(w);
  if (!byThreshold) columnCache.set(w, byThreshold = new Map());
  let sp = byThreshold.get(minWeight);
  if (!sp) {
    let max = 0;
    for (let i = 0; i < w.data.length; i++) max = Math.max(max, Math.abs(w.data[i]));
    const skip = minWeight * max, row: number[] = [], weight: number[] = [], colStart = new Int32Array(w.cols + 1);
    for (let k = 0; k < w.cols; k++) {
      for (let r = 0; r < w.rows; r++) {
        const v = w.data[r * w.cols + k];
        if (v === 0 || Math.abs(v) < skip) continue;
        row.push(r);
        weight.push(v);
      }
      colStart[k + 1] = row.length;
    }
    byThreshold.set(minWeight, sp = { colStart, row: Int32Array.from(row), weight: Float64Array.from(weight) });
  }
  return sp;
}

/**
 * `W · Sᵀ` (`[rows][frames]`) for a frame-major `S`, as {@linkcode matmulFrames} and bit for bit the same, two frames
 * per vector (see `project_frames` in `_simd_kernels.c`). Weights below `minWeight × max|W|` are skipped. `W`'s
 * kept weights are cached per matrix object, so `W` must not be mutated afterwards (filter banks never are).
 */
export function projectFramesSimd(w: Matrix, frames: Matrix, options: { minWeight?: number } = {}): Matrix {
  if (w.cols !== frames.cols) {
    throw new RangeError(`projectFramesSimd shape mismatch: [${w.rows}, ${w.cols}] · [${frames.cols}, ${frames.rows}]`);
  }
  const { memory, kernels } = instance();
  const sp = sparseColumns(w, options.minWeight ?? 0), a = new Arena(memory), T = frames.rows;
  const S = a.put(frames.data), colStart = a.put(sp.colStart), row = a.put(sp.row), weight = a.put(sp.weight);
  const out = a.alloc(8 * w.rows * T), acc = a.alloc(16 * w.rows);
  kernels.project_frames(S, T, frames.cols, colStart, row, weight, w.rows, out, acc);
  return { rows: w.rows, cols: T, data: a.f64(out, w.rows * T).slice() };
}
