/**
 * A recording's native sample rate read from its first bytes, for decoders that must be told a rate up front (the
 * browser's `decodeAudioData` resamples to its context's rate: the on-device page decodes at the native rate and
 * resamples with this project's resampler instead). Reads RIFF/RF64 WAV (`fmt `), FLAC (STREAMINFO), Ogg Vorbis
 * (identification header), Ogg Opus (always decoded at 48 kHz) and MPEG audio frame headers (after an ID3v2 tag).
 *
 * @module
 */

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

function wavRate(b: Uint8Array): number | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 12; at + 8 <= b.length;) {
    const id = ascii(b, at, 4), size = dv.getUint32(at + 4, true);
    if (id === "fmt " && at + 16 <= b.length) return dv.getUint32(at + 12, true);
    at += 8 + size + (size & 1);
    if (size === 0xffffffff) break;
  }
  return null;
}

function mp3Rate(b: Uint8Array): number | null {
  let at = 0;
  if (ascii(b, 0, 3) === "ID3" && b.length > 10) at = 10 + ((b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]);
  for (; at + 4 <= b.length && at < 1 << 20; at++) {
    if (b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) continue;
    const version = (b[at + 1] >> 3) & 3, index = (b[at + 2] >> 2) & 3;
    if (version === 1 || index === 3) continue;
    const base = [44100, 48000, 32000][index];
    return version === 3 ? base : version === 2 ? base / 2 : base / 4;
  }
  return null;
}

/**
 * The sample rate in Hz the bytes declare, or null when the container is not one of those read here.
 *
 * @param head The first bytes of the file (64 KiB is plenty; an ID3 tag may push an MP3's first frame further).
 * @example
 * sniffSampleRate(await Deno.readFile("clip.wav")); // 16000
 */
export function sniffSampleRate(head: Uint8Array): number | null {
  if (head.length < 12) return null;
  const magic = ascii(head, 0, 4);
  if ((magic === "RIFF" || magic === "RF64") && ascii(head, 8, 4) === "WAVE") return wavRate(head);
  if (magic === "fLaC" && head.length >= 21) return ((head[18] << 12) | (head[19] << 4) | (head[20] >> 4)) >>> 0;
  if (magic === "OggS" && head.length > 27) {
    // The first page's payload (after its 27-byte header and segment table) is the codec's identification header.
    const at = 27 + head[26];
    if (ascii(head, at, 8) === "OpusHead") return 48000;
    if (head[at] === 0x01 && ascii(head, at + 1, 6) === "vorbis" && at + 16 <= head.length) {
      return new DataView(head.buffer, head.byteOffset + at + 12, 4).getUint32(0, true);
    }
    return null;
  }
  return mp3Rate(head);
}
