/**
 * Private: binding to libsndfile through `Deno.dlopen`, the decoder python-soundfile wraps and so the one behind
 * `librosa.load` for FLAC, Ogg Vorbis/Opus, MP3, AIFF/AIFC, CAF, W64, AU and the rest of libsndfile's formats.
 *
 * Samples are read as soundfile reads them: `sf_readf_float` (interleaved float32, libsndfile's default
 * normalisation of integer formats), after `sf_seek(frames, SEEK_SET)` for an offset. Bytes in memory are decoded
 * through `sf_open_virtual` with callbacks that read from the buffer (never past its end), so no temporary file is
 * written. Every handle is closed on every path by {@linkcode SndfileHandle.close}.
 *
 * @module
 */

const CANDIDATES: readonly string[] = [
  "libsndfile.so.1",
  "/usr/lib/x86_64-linux-gnu/libsndfile.so.1",
  "/usr/lib/aarch64-linux-gnu/libsndfile.so.1",
  "libsndfile.so",
  "/opt/homebrew/lib/libsndfile.dylib",
  "/usr/local/lib/libsndfile.dylib",
  "libsndfile.1.dylib",
  "sndfile.dll",
];

const SYMBOLS = {
  sf_version_string: { parameters: [], result: "pointer" },
  sf_open: { parameters: ["buffer", "i32", "buffer"], result: "pointer" },
  sf_open_virtual: { parameters: ["buffer", "i32", "buffer", "pointer"], result: "pointer" },
  sf_readf_float: { parameters: ["pointer", "buffer", "i64"], result: "i64" },
  sf_seek: { parameters: ["pointer", "i64", "i32"], result: "i64" },
  sf_strerror: { parameters: ["pointer"], result: "pointer" },
  sf_close: { parameters: ["pointer"], result: "i32" },
} as const;

type SndfileLib = Deno.DynamicLibrary<typeof SYMBOLS>;

const SFM_READ = 0x10;
const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

/** libsndfile's major format codes (`SF_FORMAT_TYPEMASK`), by name. */
const MAJOR_FORMATS: Record<number, string> = {
  0x010000: "WAV",
  0x020000: "AIFF",
  0x030000: "AU",
  0x040000: "RAW",
  0x050000: "PAF",
  0x060000: "SVX",
  0x070000: "NIST",
  0x080000: "VOC",
  0x0A0000: "IRCAM",
  0x0B0000: "W64",
  0x0C0000: "MAT4",
  0x0D0000: "MAT5",
  0x0E0000: "PVF",
  0x0F0000: "XI",
  0x100000: "HTK",
  0x110000: "SDS",
  0x120000: "AVR",
  0x130000: "WAVEX",
  0x160000: "SD2",
  0x170000: "FLAC",
  0x180000: "CAF",
  0x190000: "WVE",
  0x200000: "OGG",
  0x210000: "MPC2K",
  0x220000: "RF64",
  0x230000: "MPEG",
};

/** Subtypes worth naming in messages and metadata (`SF_FORMAT_SUBMASK`). */
const SUBTYPES: Record<number, string> = {
  0x0001: "PCM_S8",
  0x0002: "PCM_16",
  0x0003: "PCM_24",
  0x0004: "PCM_32",
  0x0005: "PCM_U8",
  0x0006: "FLOAT",
  0x0007: "DOUBLE",
  0x0010: "ULAW",
  0x0011: "ALAW",
  0x0012: "IMA_ADPCM",
  0x0013: "MS_ADPCM",
  0x0020: "GSM610",
  0x0060: "VORBIS",
  0x0064: "OPUS",
  0x0080: "MPEG_LAYER_I",
  0x0081: "MPEG_LAYER_II",
  0x0082: "MPEG_LAYER_III",
};

/** What was found when looking for libsndfile. */
export interface SndfileStatus {
  lib: SndfileLib | null;
  /** The library path that opened. */
  path: string | null;
  /** libsndfile's own version string, e.g. `libsndfile-1.2.0`. */
  version: string | null;
  /** Why no library could be opened, when `lib` is null. */
  reason: string | null;
}

let status: SndfileStatus | undefined;

/** Open libsndfile once per process (or worker). Never throws: failures are reported in `reason`. */
export function sndfileStatus(): SndfileStatus {
  if (status) return status;
  const reasons: string[] = [];
  if (typeof Deno === "undefined" || typeof Deno.dlopen !== "function") {
    return status = { lib: null, path: null, version: null, reason: "Deno.dlopen is not available in this runtime" };
  }
  for (const path of CANDIDATES) {
    try {
      const lib = Deno.dlopen(path, SYMBOLS);
      const v = lib.symbols.sf_version_string();
      return status = { lib, path, version: v === null ? null : Deno.UnsafePointerView.getCString(v), reason: null };
    } catch (e) {
      reasons.push(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return status = { lib: null, path: null, version: null, reason: reasons.join("; ") };
}

/** The header fields libsndfile reports (`SF_INFO`). */
export interface SndfileInfo {
  /** Frames as declared (may be an estimate for compressed or truncated files). */
  frames: number;
  sampleRate: number;
  channels: number;
  /** Major format name, e.g. `FLAC`, `OGG`, `MPEG`. */
  container: string;
  /** Subtype name, e.g. `PCM_16`, `VORBIS`, `OPUS`, `MPEG_LAYER_III`. */
  subtype: string;
}

/** An open libsndfile handle. */
export interface SndfileHandle {
  readonly info: SndfileInfo;
  /** Read up to `frames` frames into `out` (interleaved, length ≥ frames × channels); returns frames read. */
  readf(out: Float32Array, frames: number): number;
  /** Seek to an absolute frame; returns the new position, or −1 when the file cannot seek there. */
  seek(frame: number): number;
  /** Close the handle (idempotent). */
  close(): void;
}

/** Bytes behind a virtual-I/O handle, keyed by the `user_data` id libsndfile passes back to the callbacks. */
const buffers = new Map<number, { bytes: Uint8Array; pos: number }>();
let nextId = 1;
let vio: Uint8Array | null = null;

/** The `SF_VIRTUAL_IO` table: five callbacks over {@linkcode buffers}, made once per process. */
function virtualIo(): Uint8Array {
  if (vio) return vio;
  // A callback must not throw into C: an unknown id (never expected) reads as an empty buffer.
  const empty = { bytes: new Uint8Array(0), pos: 0 };
  const of = (user: Deno.PointerValue) => buffers.get(Number(Deno.UnsafePointer.value(user))) ?? empty;
  const getLength = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i64" } as const,
    (user) => BigInt(of(user).bytes.length),
  );
  const seek = new Deno.UnsafeCallback(
    { parameters: ["i64", "i32", "pointer"], result: "i64" } as const,
    (offset, whence, user) => {
      const b = of(user);
      const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? b.pos : whence === SEEK_END ? b.bytes.length : NaN;
      const to = base + Number(offset);
      if (!(to >= 0)) return -1n;
      b.pos = to;
      return BigInt(to);
    },
  );
  const read = new Deno.UnsafeCallback(
    { parameters: ["pointer", "i64", "pointer"], result: "i64" } as const,
    (ptr, count, user) => {
      const b = of(user);
      const n = Math.max(0, Math.min(Number(count), b.bytes.length - b.pos));
      if (n > 0 && ptr !== null) {
        new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(ptr, n)).set(b.bytes.subarray(b.pos, b.pos + n));
      }
      b.pos += n;
      return BigInt(n);
    },
  );
  const write = new Deno.UnsafeCallback(
    { parameters: ["pointer", "i64", "pointer"], result: "i64" } as const,
    () => 0n,
  );
  const tell = new Deno.UnsafeCallback(
    { parameters: ["pointer"], result: "i64" } as const,
    (user) => BigInt(of(user).pos),
  );
  // The callbacks live as long as the process; unref them so they never keep it alive.
  for (const c of [getLength, seek, read, write, tell]) c.unref();
  const table = new BigUint64Array(
    [getLength, seek, read, write, tell].map((c) => BigInt(Deno.UnsafePointer.value(c.pointer))),
  );
  return vio = new Uint8Array(table.buffer);
}

function cString(p: Deno.PointerValue): string {
  return p === null ? "unknown libsndfile error" : Deno.UnsafePointerView.getCString(p);
}

/**
 * Open a file (by path) or bytes (through virtual I/O) with libsndfile for reading.
 *
 * @throws {Error} With `sf_strerror`'s text (for example `Format not recognised.`) when libsndfile cannot open it.
 */
export function openSndfile(lib: SndfileLib, input: string | Uint8Array): SndfileHandle {
  const info = new Uint8Array(32);
  let id = 0;
  let handle: Deno.PointerValue;
  if (typeof input === "string") {
    handle = lib.symbols.sf_open(new TextEncoder().encode(`${input}\0`), SFM_READ, info);
  } else {
    id = nextId++;
    buffers.set(id, { bytes: input, pos: 0 });
    handle = lib.symbols.sf_open_virtual(virtualIo(), SFM_READ, info, Deno.UnsafePointer.create(BigInt(id)));
  }
  if (handle === null) {
    const reason = cString(lib.symbols.sf_strerror(null));
    if (id) buffers.delete(id);
    throw new Error(reason);
  }
  const view = new DataView(info.buffer);
  const format = view.getInt32(16, true);
  const h = handle;
  let open = true;
  return {
    info: {
      frames: Number(view.getBigInt64(0, true)),
      sampleRate: view.getInt32(8, true),
      channels: view.getInt32(12, true),
      container: MAJOR_FORMATS[format & 0x0FFF0000] ?? `0x${(format & 0x0FFF0000).toString(16)}`,
      subtype: SUBTYPES[format & 0xFFFF] ?? `0x${(format & 0xFFFF).toString(16)}`,
    },
    readf(out, frames) {
      if (!open) throw new Error("read from a closed libsndfile handle");
      const channels = view.getInt32(12, true);
      if (out.length < frames * channels) throw new RangeError(`buffer of ${out.length} floats is too small`);
      const n = Number(lib.symbols.sf_readf_float(h, out, BigInt(frames)));
      if (n < 0) throw new Error(cString(lib.symbols.sf_strerror(h)));
      return n;
    },
    seek(frame) {
      if (!open) throw new Error("seek in a closed libsndfile handle");
      return Number(lib.symbols.sf_seek(h, BigInt(frame), SEEK_SET));
    },
    close() {
      if (!open) return;
      open = false;
      lib.symbols.sf_close(h);
      if (id) buffers.delete(id);
    },
  };
}
