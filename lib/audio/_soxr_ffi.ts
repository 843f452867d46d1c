/**
 * Private binding to libsoxr through `Deno.dlopen`.
 *
 * librosa 0.10 resamples with python-soxr, which calls libsoxr with the library's defaults: interleaved
 * float32 in and out, `soxr_quality_spec(SOXR_HQ, 0)` and one thread. It feeds the input in blocks of
 * `max(1000, 48000 × inRate / outRate)` frames into an output buffer of `⌊n × outRate / inRate⌋ + 1` frames,
 * then flushes. This module reproduces that sequence call for call, so the output is the same bytes.
 *
 * @module
 */

const CANDIDATES: readonly string[] = [
  "libsoxr.so.0",
  "/usr/lib/x86_64-linux-gnu/libsoxr.so.0",
  "/usr/lib/aarch64-linux-gnu/libsoxr.so.0",
  "libsoxr.so",
  "/opt/homebrew/lib/libsoxr.dylib",
  "/usr/local/lib/libsoxr.dylib",
  "libsoxr.dylib",
  "soxr.dll",
];

const SYMBOLS = {
  soxr_version: { parameters: [], result: "pointer" },
  soxr_create: {
    parameters: ["f64", "f64", "u32", "buffer", "pointer", "pointer", "pointer"],
    result: "pointer",
  },
  soxr_process: {
    parameters: ["pointer", "buffer", "usize", "pointer", "buffer", "usize", "buffer"],
    result: "pointer",
  },
  soxr_delete: { parameters: ["pointer"], result: "void" },
} as const;

type SoxrLib = Deno.DynamicLibrary<typeof SYMBOLS>;

/** What was found when looking for libsoxr. */
export interface SoxrStatus {
  /** The loaded library, or `null` when none could be opened. */
  lib: SoxrLib | null;
  /** The library path that opened, e.g. `libsoxr.so.0`. */
  path: string | null;
  /** libsoxr's own version string, e.g. `libsoxr-0.1.3`. */
  version: string | null;
  /** Why no library could be opened (one line per candidate), when `lib` is null. */
  reason: string | null;
}

let status: SoxrStatus | undefined;

/** Open libsoxr once per process. Never throws: failures are reported in `reason`. */
export function soxrStatus(): SoxrStatus {
  if (status) return status;
  const reasons: string[] = [];
  if (typeof Deno === "undefined" || typeof Deno.dlopen !== "function") {
    status = { lib: null, path: null, version: null, reason: "Deno.dlopen is not available in this runtime" };
    return status;
  }
  for (const path of CANDIDATES) {
    try {
      const lib = Deno.dlopen(path, SYMBOLS);
      const v = lib.symbols.soxr_version();
      const version = v === null ? null : Deno.UnsafePointerView.getCString(v);
      status = { lib, path, version, reason: null };
      return status;
    } catch (e) {
      reasons.push(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  status = { lib: null, path: null, version: null, reason: reasons.join("; ") };
  return status;
}

/**
 * Resample mono float32 audio with libsoxr at HQ quality, exactly as python-soxr's `resample()` does.
 *
 * @returns The raw libsoxr output (length `⌊n × outRate / inRate⌋ + 1` at most), before librosa's `fix_length`.
 * @throws {Error} If libsoxr is not loaded or reports an error.
 */
export function soxrResampleHq(lib: SoxrLib, x: Float32Array, inRate: number, outRate: number): Float32Array {
  const err = new BigUint64Array(1);
  const handle = lib.symbols.soxr_create(inRate, outRate, 1, err, null, null, null);
  if (err[0] !== 0n || handle === null) {
    const p = Deno.UnsafePointer.create(err[0]);
    throw new Error(`soxr_create failed: ${p ? Deno.UnsafePointerView.getCString(p) : "null handle"}`);
  }
  const ilen = x.length;
  const olen = Math.floor(ilen * outRate / inRate + 1);
  const divLen = Math.floor(Math.max(1000, 48000 * inRate / outRate));
  const y = new Float32Array(olen);
  const odone = new BigUint64Array(1);
  let outPos = 0;
  const check = (e: Deno.PointerValue) => {
    if (e !== null) throw new Error(`soxr_process failed: ${Deno.UnsafePointerView.getCString(e)}`);
  };
  try {
    for (let idx = 0; idx < ilen; idx += divLen) {
      const n = Math.min(divLen, ilen - idx);
      check(
        lib.symbols.soxr_process(
          handle,
          x.subarray(idx, idx + n),
          BigInt(n),
          null,
          y.subarray(outPos),
          BigInt(olen - outPos),
          odone,
        ),
      );
      outPos += Number(odone[0]);
    }
    check(lib.symbols.soxr_process(handle, null, 0n, null, y.subarray(outPos), BigInt(olen - outPos), odone));
    outPos += Number(odone[0]);
  } finally {
    lib.symbols.soxr_delete(handle);
  }
  return y.subarray(0, outPos);
}
