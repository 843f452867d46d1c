import { type ByteSource, bytesSource } from "./_byte_source.ts";
import { AudioDecodeError } from "./errors.ts";

/** Sample encodings the decoder accepts. */
export type WavSampleFormat = "u8" | "s16" | "s24" | "s32" | "f32" | "f64";

/** What a WAV header declares, after validation. */
export interface WavInfo {
  /** Native sampling rate in Hz. */
  sampleRate: number;
  /** Number of interleaved channels (≥ 1). */
  channels: number;
  /** Sample encoding of the data chunk. */
  format: WavSampleFormat;
  /** WAVE format tag as written (1 PCM, 3 IEEE float, 0xFFFE extensible). */
  formatTag: number;
  /** Whole frames present in the file (a frame is one sample per channel). */
  frames: number;
  /** Problems that were tolerated, such as a data chunk that declares more bytes than the file holds. */
  warnings: string[];
}

/** A decoded window of a WAV file. */
export interface DecodedWav extends WavInfo {
  /** Interleaved samples scaled to [−1, 1) as libsndfile scales them; length `frameCount × channels`. */
  samples: Float32Array;
  /** Number of frames in `samples`. */
  frameCount: number;
}

/** Options for {@linkcode decodeWav}. */
export interface DecodeWavOptions {
  /** Name used in error messages. Default `"<bytes>"`. */
  source?: string;
  /** First frame to decode. Default 0. Past the end gives zero frames. */
  frameOffset?: number;
  /** Maximum number of frames to decode. Default: all that remain. */
  frameCount?: number;
}

const FORMAT_NAMES: Record<number, string> = {
  0x0000: "unknown",
  0x0002: "Microsoft ADPCM",
  0x0006: "A-law",
  0x0007: "µ-law",
  0x0011: "IMA ADPCM",
  0x0031: "GSM 6.10",
  0x0050: "MPEG",
  0x0055: "MPEG",
  0x0161: "WMA",
  0x2000: "AC-3",
  0xF1AC: "FLAC",
};

const SUPPORTED = "PCM 8/16/24/32-bit or IEEE float 32/64-bit";

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** The first four bytes, quoted when printable, in hex otherwise (for messages). */
export function describeMagic(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4);
  const printable = head.length > 0 && Array.from(head).every((b) => b >= 0x20 && b < 0x7f);
  return printable
    ? JSON.stringify(String.fromCharCode(...head))
    : Array.from(head, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** Where a WAV file's samples are and how they are encoded (private to the audio stage). */
export interface WavLayout extends WavInfo {
  /** Byte offset of the first frame. */
  dataStart: number;
  /** Bytes per frame. */
  blockAlign: number;
}

/**
 * Walk the chunks of a RIFF/WAVE or RF64/WAVE file through a {@linkcode ByteSource}, reading only chunk headers, the
 * `fmt ` body and RF64's `ds64` sizes, so a file of any length is parsed in a few small reads.
 *
 * @throws {AudioDecodeError} As {@linkcode decodeWav}.
 */
export function parseWavLayout(src: ByteSource, source: string): WavLayout {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(source, reason);
  };
  const size = src.size;
  if (size === 0) fail("empty file (0 bytes)");
  const head = src.read(0, 12).slice();
  if (size < 12) fail(`too short to be a WAV file (${size} bytes, a RIFF header needs 12)`);
  const magic = fourcc(head, 0);
  if (magic === "RIFX") fail("big-endian RIFX WAV is not supported (expected little-endian RIFF)");
  const rf64 = magic === "RF64" || magic === "BW64";
  if (magic !== "RIFF" && !rf64) fail(`not a WAV file (first bytes ${describeMagic(head)}, expected "RIFF")`);
  if (fourcc(head, 8) !== "WAVE") fail(`${magic} file is not WAVE (form type "${fourcc(head, 8)}")`);

  const warnings: string[] = [];
  let fmt: Uint8Array | null = null, fmtSize = 0, dataStart = -1, dataBytes = 0, declaredData = 0;
  let ds64Data: number | null = null;
  let pos = 12;
  while (pos + 8 <= size && (fmt === null || dataStart < 0)) {
    const h = src.read(pos, 8);
    const id = fourcc(h, 0);
    let chunk = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true);
    const body = pos + 8;
    if (id === "ds64" && rf64 && ds64Data === null) {
      const d = src.read(body, 16);
      if (d.length === 16) ds64Data = Number(new DataView(d.buffer, d.byteOffset, 16).getBigUint64(8, true));
    }
    if (id === "data" && chunk === 0xFFFFFFFF && ds64Data !== null) chunk = ds64Data;
    const present = Math.min(chunk, size - body);
    if (id === "fmt " && fmt === null) {
      fmt = src.read(body, Math.min(present, 40)).slice();
      fmtSize = present;
    } else if (id === "data" && dataStart < 0) {
      dataStart = body;
      dataBytes = present;
      declaredData = chunk;
    }
    pos = body + chunk + (chunk & 1);
  }
  if (fmt === null) fail(`no "fmt " chunk in ${size} bytes`);
  if (fmtSize < 16) fail(`"fmt " chunk is truncated (${fmtSize} bytes, expected at least 16)`);
  const view = new DataView(fmt!.buffer, fmt!.byteOffset, fmt!.byteLength);

  let formatTag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const bits = view.getUint16(14, true);
  let code = formatTag;
  if (formatTag === 0xFFFE) {
    if (fmtSize < 40) fail(`WAVE_FORMAT_EXTENSIBLE "fmt " chunk is truncated (${fmtSize} bytes, expected 40)`);
    code = view.getUint16(24, true); // first two bytes of the sub-format GUID
  }
  if (code !== 1 && code !== 3) {
    const hex = `0x${code.toString(16).padStart(4, "0").toUpperCase()}`;
    const name = FORMAT_NAMES[code] ? ` (${FORMAT_NAMES[code]})` : "";
    fail(`unsupported WAV format code ${hex}${name}; expected ${SUPPORTED}`);
  }
  if (channels === 0) fail("declares 0 channels (expected at least 1)");
  if (sampleRate === 0) fail("declares a sample rate of 0 Hz (expected a positive rate)");
  let format: WavSampleFormat;
  if (code === 1) {
    const pcm: Record<number, WavSampleFormat> = { 8: "u8", 16: "s16", 24: "s24", 32: "s32" };
    if (!pcm[bits]) fail(`unsupported PCM bit depth ${bits} (expected 8, 16, 24 or 32)`);
    format = pcm[bits];
  } else {
    const flt: Record<number, WavSampleFormat> = { 32: "f32", 64: "f64" };
    if (!flt[bits]) fail(`unsupported float bit depth ${bits} (expected 32 or 64)`);
    format = flt[bits];
  }
  if (dataStart < 0) fail(`no "data" chunk after the "fmt " chunk (file is ${size} bytes)`);
  const blockAlign = channels * (bits / 8);
  if (dataBytes < declaredData) {
    warnings.push(`data chunk declares ${declaredData} bytes but only ${dataBytes} are present; read those`);
  }
  const frames = Math.floor(dataBytes / blockAlign);
  if (frames === 0) {
    fail(`no audio frames: the data chunk declares ${declaredData} bytes but holds ${dataBytes}`);
  }
  formatTag = formatTag & 0xFFFF;
  return { sampleRate, channels, format: format!, formatTag, frames, warnings, dataStart, blockAlign };
}

/**
 * Convert `n` interleaved samples of a WAV data region to float32 with libsndfile's scaling, into `out`.
 *
 * @param data The bytes of whole frames, starting at a frame boundary.
 */
export function decodeWavSamples(data: Uint8Array, format: WavSampleFormat, n: number, out: Float32Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (format) {
    case "u8":
      for (let i = 0; i < n; i++) out[i] = (view.getUint8(i) - 128) / 128;
      break;
    case "s16":
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true) / 32768;
      break;
    case "s24":
      for (let i = 0, b = 0; i < n; i++, b += 3) {
        const v = view.getUint8(b) | (view.getUint8(b + 1) << 8) | (view.getInt8(b + 2) << 16);
        out[i] = v / 8388608;
      }
      break;
    case "s32":
      // libsndfile converts the int to float first, then scales by the exact power of two.
      for (let i = 0; i < n; i++) out[i] = Math.fround(view.getInt32(4 * i, true)) / 2147483648;
      break;
    case "f32":
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      break;
    case "f64":
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
      break;
  }
}

/**
 * Read and validate a WAV header without decoding samples.
 *
 * @param bytes The whole file.
 * @param options.source Name used in error messages. Default `"<bytes>"`.
 * @throws {AudioDecodeError} If the file is not a RIFF/WAVE file this decoder supports.
 * @example
 * const info = readWavInfo(await Deno.readFile("clip.wav"), { source: "clip.wav" });
 * console.log(info.sampleRate, info.channels, info.frames);
 */
export function readWavInfo(bytes: Uint8Array, options: { source?: string } = {}): WavInfo {
  const { dataStart: _d, blockAlign: _b, ...info } = parseWavLayout(bytesSource(bytes), options.source ?? "<bytes>");
  return info;
}

/**
 * Decode a RIFF/WAVE file to interleaved float32 samples, scaled exactly as libsndfile (and so soundfile and
 * librosa) scales them: `(u8 − 128) / 128`, `s16 / 2^15`, `s24 / 2^23`, `s32 / 2^31`; float data as stored.
 *
 * Walks every chunk (LIST, fact, cue, odd sizes with their pad byte) and reads WAVE_FORMAT_EXTENSIBLE by
 * its sub-format. A data chunk that declares more bytes than the file holds is clamped to the bytes present
 * (the tolerated problem is listed in `warnings`). Nothing is read past the buffer.
 *
 * @param bytes The whole file.
 * @param options.source Name used in error messages. Default `"<bytes>"`.
 * @param options.frameOffset First frame to decode. Default 0.
 * @param options.frameCount Maximum number of frames. Default all.
 * @returns The header fields and `frameCount × channels` interleaved samples.
 * @throws {AudioDecodeError} If the file is empty, not RIFF/WAVE, has no fmt or data chunk, no whole frame,
 *   an unsupported format code (for example `0x0055 (MPEG)`), 0 channels, a 0 Hz rate or an unsupported bit depth.
 * @example
 * const wav = decodeWav(await Deno.readFile("clip.wav"), { source: "clip.wav" });
 * wav.samples; // Float32Array, interleaved
 */
export function decodeWav(bytes: Uint8Array, options: DecodeWavOptions = {}): DecodedWav {
  const source = options.source ?? "<bytes>";
  const { dataStart, blockAlign, ...info } = parseWavLayout(bytesSource(bytes), source);
  const first = Math.min(Math.max(0, Math.trunc(options.frameOffset ?? 0)), info.frames);
  const wanted = options.frameCount === undefined ? Infinity : Math.max(0, Math.trunc(options.frameCount));
  const frameCount = Math.min(info.frames - first, wanted);
  const n = frameCount * info.channels;
  const out = new Float32Array(n);
  const at = dataStart + first * blockAlign;
  decodeWavSamples(bytes.subarray(at, at + frameCount * blockAlign), info.format, n, out);
  return { ...info, samples: out, frameCount };
}
