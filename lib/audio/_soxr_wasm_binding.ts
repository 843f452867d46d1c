/**
 * Private: libsoxr 0.1.3 compiled to WebAssembly (`_soxr_wasm.ts`, built by `./ser build-simd --soxr DIR` from
 * `_soxr_wasm_glue.c`), for where the native library cannot be loaded — the browser (the on-device page), or a machine
 * without libsoxr. Same filter design and call sequence as the native library; the scalar engine and FFT instead of
 * the SSE ones, so outputs agree within ~4e-7 rather than bit for bit (tested).
 *
 * The module is a WASI "reactor" that needs no system: its few WASI imports (environment, clock, stdio for soxr's
 * debug output) are answered with empty values.
 *
 * @module
 */
import { SOURCE_SHA256, WASM_BASE64 } from "./_soxr_wasm.ts";

interface SoxrExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  alloc(bytes: number): number;
  release(ptr: number): void;
  resample_hq(x: number, ilen: number, inRate: number, outRate: number, y: number, olen: number): number;
}

let soxr: SoxrExports | null = null;

/** The instance, compiled on first use (synchronously: the pipelines that need it run in workers or in Deno). */
function instance(): SoxrExports {
  if (soxr) return soxr;
  let memory: WebAssembly.Memory | null = null;
  const view = () => new DataView(memory!.buffer);
  const wasi = {
    environ_get: () => 0,
    environ_sizes_get: (
      count: number,
      size: number,
    ) => (view().setUint32(count, 0, true), view().setUint32(size, 0, true), 0),
    clock_time_get: (_id: number, _precision: bigint, out: number) => (view().setBigUint64(out, 0n, true), 0),
    fd_close: () => 8,
    fd_seek: () => 8,
    fd_write: () => 8,
    proc_exit: (code: number) => {
      throw new Error(`libsoxr (WebAssembly) exited with ${code}`);
    },
  };
  const module = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
  const exports = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi }).exports as unknown as SoxrExports;
  memory = exports.memory;
  exports._initialize();
  soxr = exports;
  return exports;
}

/** The glue's source hash the module was built from (checked against `_soxr_wasm_glue.c` by a test). */
export const SOXR_WASM_SOURCE_SHA256 = SOURCE_SHA256;

/**
 * Resample mono float32 audio as the native `soxrResampleHq` does, with the WebAssembly build.
 *
 * @returns The raw output (at most `⌊n × outRate / inRate⌋ + 1` samples), before librosa's `fix_length`.
 * @throws {Error} If libsoxr reports an error.
 */
export function soxrWasmResampleHq(x: Float32Array, inRate: number, outRate: number): Float32Array {
  const s = instance();
  const olen = Math.floor(x.length * outRate / inRate + 1);
  const px = s.alloc(x.length * 4), py = s.alloc(olen * 4);
  if (!px || !py) throw new Error(`libsoxr (WebAssembly): out of memory for ${x.length} samples`);
  try {
    new Float32Array(s.memory.buffer, px, x.length).set(x);
    const n = s.resample_hq(px, x.length, inRate, outRate, py, olen);
    if (n < 0) throw new Error(`libsoxr (WebAssembly) could not resample ${inRate} Hz → ${outRate} Hz`);
    return new Float32Array(s.memory.buffer, py, n).slice();
  } finally {
    s.release(px);
    s.release(py);
  }
}
