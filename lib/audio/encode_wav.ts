/**
 * Encode mono or interleaved samples as a 16-bit PCM RIFF/WAVE file (44-byte header), rounding
 * `clamp(x, −1, 1) × 32767` to the nearest integer (halves away from zero, so the encoding is symmetric).
 *
 * @param samples Samples in [−1, 1] (interleaved when `channels` > 1).
 * @param sampleRate Rate in Hz.
 * @param options.channels Interleaved channel count. Default 1.
 * @returns The file's bytes.
 * @throws {RangeError} If the rate is not a positive integer or the sample count is not a multiple of `channels`.
 * @example
 * await Deno.writeFile("tone.wav", encodeWav(y, 22050));
 */
export function encodeWav(
  samples: ArrayLike<number>,
  sampleRate: number,
  options: { channels?: number } = {},
): Uint8Array {
  const channels = options.channels ?? 1;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`\`sampleRate\` must be a positive integer: received ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || samples.length % channels !== 0) {
    throw new RangeError(`${samples.length} samples do not divide into ${channels} channels`);
  }
  const out = new Uint8Array(44 + samples.length * 2);
  out.set(wavHeader16(sampleRate, channels, samples.length / channels));
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i]));
    const q = x * 32767;
    v.setInt16(44 + 2 * i, q < 0 ? -Math.round(-q) : Math.round(q), true);
  }
  return out;
}

/**
 * The 44-byte RIFF/WAVE header of a 16-bit PCM file holding `frames` frames of `channels` channels at `sampleRate`
 * Hz: for {@linkcode encodeWav}, and for writers that stream the samples after it.
 *
 * @example
 * await file.write(wavHeader16(48000, 2, 48000 * 3600)); // then 3600 s of interleaved int16
 */
export function wavHeader16(sampleRate: number, channels: number, frames: number): Uint8Array {
  const dataBytes = frames * channels * 2;
  const header = new Uint8Array(44), v = new DataView(header.buffer);
  const ascii = (at: number, tag: string) => {
    for (let i = 0; i < 4; i++) header[at + i] = tag.charCodeAt(i);
  };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  return header;
}
