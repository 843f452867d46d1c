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
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
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
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i]));
    const q = x * 32767;
    v.setInt16(44 + 2 * i, q < 0 ? -Math.round(-q) : Math.round(q), true);
  }
  return out;
}
