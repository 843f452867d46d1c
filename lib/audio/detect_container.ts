/**
 * Which container a file is, from its first bytes (never from its name), and which decoder reads it.
 *
 * @module
 */

/** The decoders behind `loadAudio`: this project's RIFF reader, libsndfile (as python-soundfile), or ffmpeg (as audioread). */
export type DecoderName = "wav" | "libsndfile" | "ffmpeg";

/** A container recognised by its magic bytes. */
export interface Container {
  /** Short name for messages and metadata, e.g. `WAV`, `FLAC`, `MP4/M4A`. */
  name: string;
  /** The decoder that reads it; `null` when the bytes match no known container. */
  decoder: DecoderName | null;
}

const ascii = (b: Uint8Array, at: number, s: string) => {
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

const W64_GUID = [0x72, 0x69, 0x66, 0x66, 0x2e, 0x91, 0xcf, 0x11, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00];

/** libsndfile's own formats that this function knows by magic (it reads more: unknown bytes are offered to it). */
const SNDFILE_MAGIC: [string, number, string][] = [
  ["fLaC", 0, "FLAC"],
  ["OggS", 0, "Ogg"],
  ["RIFX", 0, "RIFX (big-endian WAV)"],
  ["caff", 0, "CAF"],
  [".snd", 0, "AU"],
  ["dns.", 0, "AU"],
  ["Creative Voice File", 0, "VOC"],
  ["NIST_1A", 0, "NIST SPHERE"],
  ["2BIT", 0, "AVR"],
];

/**
 * Identify a container from its first bytes (64 are plenty).
 *
 * - RIFF/WAVE, RF64/WAVE and BW64/WAVE → `wav` (this project's reader).
 * - FLAC, Ogg (Vorbis, Opus, FLAC), MP3 (ID3 tag or MPEG audio frame sync), AIFF/AIFC, CAF, Sony Wave64, AU, RIFX,
 *   VOC, NIST, AVR → `libsndfile`.
 * - MP4/M4A/MOV (`ftyp`), Matroska/WebM (EBML), ADTS AAC, ASF/WMA, AMR, AC-3 → `ffmpeg`.
 * - Anything else → `decoder: null` (the loader then offers the bytes to libsndfile, then ffmpeg).
 *
 * @example
 * detectContainer(await readHead("clip.wav")); // { name: "AIFF", decoder: "libsndfile" } for an AIFF behind a .wav name
 */
export function detectContainer(head: Uint8Array): Container {
  const b = head;
  if ((ascii(b, 0, "RIFF") || ascii(b, 0, "RF64") || ascii(b, 0, "BW64")) && ascii(b, 8, "WAVE")) {
    return { name: ascii(b, 0, "RIFF") ? "WAV" : "RF64 WAV", decoder: "wav" };
  }
  if (W64_GUID.every((v, i) => b[i] === v)) return { name: "W64", decoder: "libsndfile" };
  if (ascii(b, 0, "FORM") && (ascii(b, 8, "AIFF") || ascii(b, 8, "AIFC"))) {
    return { name: ascii(b, 8, "AIFC") ? "AIFC" : "AIFF", decoder: "libsndfile" };
  }
  for (const [magic, at, name] of SNDFILE_MAGIC) if (ascii(b, at, magic)) return { name, decoder: "libsndfile" };
  if (ascii(b, 0, "ID3")) return { name: "MP3", decoder: "libsndfile" };
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) {
    // MPEG audio frame sync: layer bits 00 are ADTS AAC, which libsndfile does not read.
    return (b[1] & 0x06) === 0 ? { name: "AAC (ADTS)", decoder: "ffmpeg" } : { name: "MP3", decoder: "libsndfile" };
  }
  if (ascii(b, 4, "ftyp")) return { name: "MP4/M4A", decoder: "ffmpeg" };
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return { name: "WebM/Matroska", decoder: "ffmpeg" };
  }
  if (b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return { name: "ASF/WMA", decoder: "ffmpeg" };
  if (ascii(b, 0, "#!AMR")) return { name: "AMR", decoder: "ffmpeg" };
  if (b[0] === 0x0b && b[1] === 0x77) return { name: "AC-3", decoder: "ffmpeg" };
  return { name: "unknown", decoder: null };
}

/** True when the bytes look like text (printable ASCII or UTF-8 with whitespace), i.e. surely not audio. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const c of head) {
    if (c === 0) return false;
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d || c >= 0x80) printable++;
  }
  return printable === head.length && head.some((c) => c >= 0x41 && c <= 0x7a);
}
