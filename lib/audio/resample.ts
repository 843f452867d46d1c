import { soxrResampleHq, soxrStatus } from "./_soxr_ffi.ts";
import { soxrWasmResampleHq } from "./_soxr_wasm_binding.ts";

/**
 * The resampler that produced a signal: libsoxr HQ (librosa's), the same library compiled to WebAssembly (where the
 * native one cannot be loaded: the browser, or a machine without libsoxr), or the TypeScript windowed-sinc.
 */
export type ResamplerName = "soxr_hq" | "soxr_hq_wasm" | "sinc_kaiser";

/** Which resampler `resType: "auto"` uses in this process, and why. */
export interface ResamplerInfo {
  /** The resampler `"auto"` resolves to. */
  name: ResamplerName;
  /** True when features will be bit-identical to librosa's (libsoxr was loaded). */
  librosaIdentical: boolean;
  /** libsoxr's version string, e.g. `libsoxr-0.1.3`, or null. */
  version: string | null;
  /** The library path that was opened, or the reason none could be. */
  detail: string;
}

/** Options for {@linkcode resample}. */
export interface ResampleOptions {
  /** Input sampling rate in Hz. Required. */
  origSr: number;
  /** Output sampling rate in Hz. Required. */
  targetSr: number;
  /**
   * `"soxr_hq"` (librosa's default, needs the native libsoxr), `"soxr_hq_wasm"` (libsoxr compiled to WebAssembly,
   * within ~4e-7 of it), `"sinc_kaiser"` (pure TypeScript), or `"auto"`: the native libsoxr when it can be loaded,
   * otherwise its WebAssembly build, with a one-time note. Default `"auto"`.
   */
  resType?: ResamplerName | "auto";
  /** Trim or zero-pad to exactly `⌈n × targetSr / origSr⌉` samples, as librosa's `fix=True`. Default true. */
  fix?: boolean;
}

let warned = false;

/**
 * Report which resampler `resType: "auto"` uses in this process.
 *
 * @example
 * if (!resamplerInfo().librosaIdentical) console.warn("features will differ slightly from librosa");
 */
export function resamplerInfo(): ResamplerInfo {
  const s = soxrStatus();
  return s.lib ? { name: "soxr_hq", librosaIdentical: true, version: s.version, detail: s.path! } : {
    name: "soxr_hq_wasm",
    librosaIdentical: false,
    version: "libsoxr-0.1.3 (WebAssembly)",
    detail: `the WebAssembly build of libsoxr 0.1.3, within ~4e-7 of the native library (${
      s.reason ?? "libsoxr not found"
    })`,
  };
}

function checkRate(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`\`${name}\` must be a positive sampling rate in Hz: received ${value}`);
  }
}

/**
 * Resample a mono signal as `librosa.resample(y, orig_sr, target_sr, res_type="soxr_hq")` does.
 *
 * With libsoxr this is the same library call sequence python-soxr makes (float32, HQ, one thread), followed
 * by librosa's `fix_length` to `⌈n × (targetSr / origSr)⌉` samples, so the output matches librosa bit for bit.
 * Without the native library, the same library compiled to WebAssembly stands in (the scalar engine instead of SSE:
 * within ~4e-7). `"sinc_kaiser"` is a Kaiser-windowed sinc interpolator (64 zero crossings, β = 14.77, cut-off at
 * 0.9476 of the lower Nyquist rate): high quality, but its transition band differs from libsoxr's enough to move
 * the pooled features' top log-mel bands.
 *
 * @param y Mono samples.
 * @param options.origSr Input rate in Hz.
 * @param options.targetSr Output rate in Hz.
 * @param options.resType `"auto"` (default), `"soxr_hq"` or `"sinc_kaiser"`.
 * @param options.fix Fix the output length as librosa does. Default true.
 * @returns The resampled signal and the resampler that ran.
 * @throws {RangeError} If a rate is not a positive number.
 * @throws {Error} If `resType` is `"soxr_hq"` and libsoxr cannot be loaded.
 * @example
 * const { y: y22 } = resample(y48, { origSr: 48000, targetSr: 22050 });
 */
export function resample(y: Float32Array, options: ResampleOptions): { y: Float32Array; resampler: ResamplerName } {
  const { origSr, targetSr, fix = true } = options;
  checkRate("origSr", origSr);
  checkRate("targetSr", targetSr);
  let kind = options.resType ?? "auto";
  const s = soxrStatus();
  if (kind === "auto") {
    kind = s.lib ? "soxr_hq" : "soxr_hq_wasm";
    if (!s.lib && !warned && typeof Deno !== "undefined") {
      warned = true;
      console.warn(
        `note: libsoxr could not be loaded (${s.reason}); resampling with its WebAssembly build. ` +
          "Features will agree with librosa's within ~1e-6, not bit for bit. " +
          "Install libsoxr (Debian: apt-get install libsoxr0, macOS: brew install libsoxr) for exact parity.",
      );
    }
  }
  if (origSr === targetSr) return { y, resampler: kind };
  let out: Float32Array;
  if (kind === "soxr_hq") {
    if (!s.lib) throw new Error(`resType "soxr_hq" needs libsoxr, which could not be loaded: ${s.reason}`);
    out = soxrResampleHq(s.lib, y, origSr, targetSr);
  } else if (kind === "soxr_hq_wasm") {
    out = soxrWasmResampleHq(y, origSr, targetSr);
  } else {
    out = sincResample(y, origSr, targetSr);
  }
  if (fix) out = fixLength(out, Math.ceil(y.length * (targetSr / origSr)));
  return { y: out, resampler: kind };
}

/**
 * Trim or zero-pad to exactly `size` samples, as `librosa.util.fix_length`.
 *
 * @example
 * fixLength(new Float32Array([1, 2, 3]), 5); // [1, 2, 3, 0, 0]
 */
export function fixLength(y: Float32Array, size: number): Float32Array {
  if (y.length === size) return y;
  if (y.length > size) return y.slice(0, size);
  const out = new Float32Array(size);
  out.set(y);
  return out;
}

const ZEROS = 64;
const BETA = 14.769656459379492;
const ROLLOFF = 0.9475937167399596;
const TABLE_PER_ZERO = 512;

function besselI0(x: number): number {
  let sum = 1, term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

let table: Float64Array | undefined;

/** Half of a Kaiser-windowed sinc, sampled TABLE_PER_ZERO times per zero crossing, with one guard sample. */
function sincTable(): Float64Array {
  if (table) return table;
  const n = ZEROS * TABLE_PER_ZERO;
  table = new Float64Array(n + 2);
  const i0b = besselI0(BETA);
  for (let i = 0; i <= n; i++) {
    const x = i / TABLE_PER_ZERO;
    const r = x / ZEROS;
    const w = besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
    const s = x === 0 ? 1 : Math.sin(Math.PI * x * ROLLOFF) / (Math.PI * x * ROLLOFF);
    table[i] = ROLLOFF * s * w;
  }
  return table;
}

/** Band-limited interpolation with the Kaiser-windowed sinc above. Output length `⌈n × target / orig⌉`. */
function sincResample(x: Float32Array, origSr: number, targetSr: number): Float32Array {
  const h = sincTable();
  const ratio = targetSr / origSr;
  const scale = Math.min(1, ratio);
  const nOut = Math.ceil(x.length * ratio);
  const out = new Float32Array(nOut);
  const step = TABLE_PER_ZERO * scale; // table index advance per input sample
  const reach = ZEROS / scale; // half-width in input samples
  const last = ZEROS * TABLE_PER_ZERO;
  for (let i = 0; i < nOut; i++) {
    const t = i / ratio;
    const lo = Math.max(0, Math.ceil(t - reach));
    const hi = Math.min(x.length - 1, Math.floor(t + reach));
    let acc = 0;
    for (let k = lo; k <= hi; k++) {
      const p = Math.abs(t - k) * step;
      const j = Math.floor(p);
      if (j >= last) continue;
      const f = p - j;
      acc += x[k] * (h[j] + f * (h[j + 1] - h[j]));
    }
    out[i] = acc * scale;
  }
  return out;
}
