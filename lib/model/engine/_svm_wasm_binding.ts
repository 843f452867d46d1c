/**
 * Private: libsvm 3.37's trainer compiled to WebAssembly (`_svm_wasm.ts`, built by `./ser build-simd --libsvm DIR` from
 * `_svm_wasm_glue.cpp` and libsvm's `svm.cpp`). The module is a WASI "reactor" whose few WASI imports (libsvm's unused
 * file output) are answered with errors; it trains, and the model comes back as plain arrays.
 *
 * @module
 */
import { SOURCE_SHA256, WASM_BASE64 } from "./_svm_wasm.ts";

interface SvmExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  alloc(bytes: number): number;
  release(ptr: number): void;
  svc_fit(
    x: number,
    n: number,
    d: number,
    y: number,
    k: number,
    weights: number,
    C: number,
    gamma: number,
    tol: number,
    cacheMb: number,
    shrinking: number,
  ): number;
}

/** The glue's source hash the module was built from (checked against `_svm_wasm_glue.cpp` by a test). */
export const SVM_WASM_SOURCE_SHA256 = SOURCE_SHA256;

/** A trained C-SVC as libsvm holds it: classes in its order, support vectors as training rows. */
export interface LibsvmModel {
  /** The class index (0..k-1 of the caller's) of each of libsvm's classes, in libsvm's order. */
  label: Int32Array;
  /** Support vectors per class, in libsvm's class order. */
  nSV: Int32Array;
  /** Intercepts, one per pair (i < j) in libsvm's order. */
  rho: Float64Array;
  /** Dual coefficients `[(m − 1)][l]`, row-major. */
  coef: Float64Array;
  /** The training row of each support vector (0-based). */
  svIndex: Int32Array;
}

/** A fresh instance per training (its memory is freed with it). */
function instance(): SvmExports {
  const wasi = { fd_close: () => 8, fd_fdstat_get: () => 8, fd_seek: () => 8, fd_write: () => 8 };
  const module = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
  const exports = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi }).exports as unknown as SvmExports;
  exports._initialize();
  return exports;
}

/**
 * Train libsvm's C-SVC with the RBF kernel.
 *
 * @param x Row-major `[n][d]` features (float64 inside, as libsvm computes).
 * @param y Class index (0..k-1) per row.
 * @throws {RangeError} If libsvm refuses the parameters or runs out of memory.
 */
export function libsvmTrain(
  x: ArrayLike<number>,
  y: Int32Array,
  o: {
    d: number;
    k: number;
    C: number;
    gamma: number;
    tol: number;
    cacheMb: number;
    shrinking: boolean;
    classWeight: Float64Array;
  },
): LibsvmModel {
  const s = instance(), n = y.length;
  const px = s.alloc(n * o.d * 8), py = s.alloc(n * 8), pw = s.alloc(o.k * 8);
  if (!px || !py || !pw) throw new RangeError(`libsvm (WebAssembly): out of memory for ${n} × ${o.d} rows`);
  new Float64Array(s.memory.buffer, px, n * o.d).set(x);
  new Float64Array(s.memory.buffer, py, n).set(y);
  new Float64Array(s.memory.buffer, pw, o.k).set(o.classWeight);
  const out = s.svc_fit(px, n, o.d, py, o.k, pw, o.C, o.gamma, o.tol, o.cacheMb, o.shrinking ? 1 : 0);
  if (!out) throw new RangeError(`libsvm refused C = ${o.C}, gamma = ${o.gamma} or ran out of memory`);
  const len = new Float64Array(s.memory.buffer, out, 1)[0];
  const b = new Float64Array(s.memory.buffer, out, len).slice();
  const m = b[1], l = b[2];
  let p = 3;
  const take = (count: number) => b.subarray(p, p += count);
  return {
    label: Int32Array.from(take(m)),
    nSV: Int32Array.from(take(m)),
    rho: Float64Array.from(take((m * (m - 1)) / 2)),
    coef: Float64Array.from(take((m - 1) * l)),
    svIndex: Int32Array.from(take(l)),
  };
}
