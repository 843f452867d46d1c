import assert from "node:assert/strict";
import wavefile from "wavefile";
import { decodeWav, readWavInfo } from "./decode_wav.ts";
import { AudioDecodeError } from "./errors.ts";

const { WaveFile } = wavefile;

/** Encode with wavefile (an independent encoder) so that the decoder is checked against known integers. */
function encode(channels: number, rate: number, depth: string, samples: number[] | number[][]): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(channels, rate, depth, samples);
  return w.toBuffer();
}

Deno.test("decodeWav() scales every encoding as libsndfile does", async (t) => {
  await t.step("u8: (u − 128) / 128", () => {
    const d = decodeWav(encode(1, 8000, "8", [0, 64, 128, 255]));
    assert.equal(d.format, "u8");
    assert.deepEqual([...d.samples], [-1, -0.5, 0, 127 / 128]);
  });
  await t.step("s16: v / 32768", () => {
    const d = decodeWav(encode(1, 8000, "16", [-32768, -16384, 0, 1, 32767]));
    assert.deepEqual([...d.samples], [-1, -0.5, 0, 1 / 32768, Math.fround(32767 / 32768)]);
  });
  await t.step("s24: v / 2^23", () => {
    const d = decodeWav(encode(1, 8000, "24", [-8388608, -1, 0, 4194304, 8388607]));
    assert.deepEqual([...d.samples], [-1, Math.fround(-1 / 8388608), 0, 0.5, Math.fround(8388607 / 8388608)]);
  });
  await t.step("s32: float32(v) / 2^31, so 2^31 − 1 rounds to 1.0 as in libsndfile", () => {
    const d = decodeWav(encode(1, 8000, "32", [-2147483648, 0, 1073741824, 2147483647]));
    assert.deepEqual([...d.samples], [-1, 0, 0.5, 1]);
  });
  await t.step("f32 and f64 are read as stored (f64 rounded to float32)", () => {
    assert.deepEqual([...decodeWav(encode(1, 8000, "32f", [0.25, -0.75, 0.1])).samples], [
      0.25,
      -0.75,
      Math.fround(0.1),
    ]);
    assert.deepEqual([...decodeWav(encode(1, 8000, "64", [0.25, -0.75, 0.1])).samples], [
      0.25,
      -0.75,
      Math.fround(0.1),
    ]);
  });
});

/** A WAVE_FORMAT_EXTENSIBLE header (40-byte fmt chunk, PCM sub-format GUID) around raw little-endian data. */
function extensible(channels: number, rate: number, bits: number, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(12 + 8 + 40 + 8 + data.length);
  const v = new DataView(b.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (b[at + i] = c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, b.length - 8, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xFFFE, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * channels * bits / 8, true);
  v.setUint16(32, channels * bits / 8, true);
  v.setUint16(34, bits, true);
  v.setUint16(36, 22, true); // cbSize
  v.setUint16(38, bits, true); // valid bits
  v.setUint32(40, 0x33, true); // channel mask
  v.setUint16(44, 1, true); // sub-format GUID starts with the PCM tag
  ascii(60, "data");
  v.setUint32(64, data.length, true);
  b.set(data, 68);
  return b;
}

Deno.test("decodeWav() reads multi-channel WAVE_FORMAT_EXTENSIBLE files interleaved", () => {
  // Four channels, two frames of 24-bit PCM: 0, -2^22, 2^23-1, -2^23 | 2^22, 0, 1, -1.
  const ints = [0, -4194304, 8388607, -8388608, 4194304, 0, 1, -1];
  const data = new Uint8Array(ints.length * 3);
  ints.forEach((x, i) => {
    const u = x & 0xFFFFFF;
    data.set([u & 0xFF, (u >> 8) & 0xFF, (u >> 16) & 0xFF], 3 * i);
  });
  const bytes = extensible(4, 48000, 24, data);
  const info = readWavInfo(bytes);
  assert.equal(info.formatTag, 0xFFFE);
  assert.equal(info.channels, 4);
  assert.equal(info.frames, 2);
  const s = 8388608;
  assert.deepEqual([...decodeWav(bytes).samples], [
    0,
    -0.5,
    Math.fround(8388607 / s),
    -1,
    0.5,
    0,
    Math.fround(1 / s),
    Math.fround(-1 / s),
  ]);
});

Deno.test("decodeWav() reads a window of frames and never past the end", () => {
  const bytes = encode(2, 8000, "16", [[1, 2, 3, 4, 5], [-1, -2, -3, -4, -5]]);
  const d = decodeWav(bytes, { frameOffset: 3, frameCount: 10 });
  assert.equal(d.frameCount, 2);
  assert.deepEqual([...d.samples].map((v) => v * 32768), [4, -4, 5, -5]);
  assert.equal(decodeWav(bytes, { frameOffset: 99 }).frameCount, 0);
});

Deno.test("decodeWav() skips unknown and odd-sized chunks before and after the data", () => {
  const base = encode(1, 8000, "16", [100, -100, 300]);
  // Insert a 3-byte "junk" chunk (plus its pad byte) after the fmt chunk, and a "cue " chunk after the data.
  const junk = new Uint8Array([...new TextEncoder().encode("junk"), 3, 0, 0, 0, 1, 2, 3, 0]);
  const cue = new Uint8Array([...new TextEncoder().encode("cue "), 4, 0, 0, 0, 0, 0, 0, 0]);
  const out = new Uint8Array(base.length + junk.length + cue.length);
  out.set(base.subarray(0, 36));
  out.set(junk, 36);
  out.set(base.subarray(36), 36 + junk.length);
  out.set(cue, base.length + junk.length);
  const d = decodeWav(out);
  assert.deepEqual([...d.samples].map((v) => v * 32768), [100, -100, 300]);
});

Deno.test("decodeWav() names the source and the reason in its errors", async (t) => {
  await t.step("a 6-byte file", () => {
    assert.throws(() => decodeWav(new Uint8Array(6), { source: "x.wav" }), (e: Error) => {
      return e instanceof AudioDecodeError &&
        e.message === "x.wav: too short to be a WAV file (6 bytes, a RIFF header needs 12)";
    });
  });
  await t.step("a RIFF that is not WAVE", () => {
    const b = new Uint8Array([...new TextEncoder().encode("RIFF"), 4, 0, 0, 0, ...new TextEncoder().encode("AVI ")]);
    assert.throws(() => decodeWav(b, { source: "v.avi" }), /v.avi: RIFF file is not WAVE \(form type "AVI "\)/);
  });
  await t.step("a float file with 16-bit samples", () => {
    const b = encode(1, 8000, "16", [1, 2]);
    new DataView(b.buffer).setUint16(20, 3, true);
    assert.throws(() => decodeWav(b), /<bytes>: unsupported float bit depth 16 \(expected 32 or 64\)/);
  });
});

Deno.test("decodeWav() reads RF64: the ds64 chunk's 64-bit data size replaces the 0xFFFFFFFF placeholder", () => {
  const wav = encode(1, 8000, "16", [1, -2, 3, -4, 5]);
  // RIFF(12) fmt(8+16) data(8+10) → RF64(12) ds64(8+28) fmt(8+16) data(8+10) with the sizes moved into ds64.
  const rf = new Uint8Array(wav.length + 36);
  const v = new DataView(rf.buffer);
  rf.set([..."RF64"].map((c) => c.charCodeAt(0)), 0);
  v.setUint32(4, 0xFFFFFFFF, true);
  rf.set(wav.subarray(8, 12), 8); // WAVE
  rf.set([..."ds64"].map((c) => c.charCodeAt(0)), 12);
  v.setUint32(16, 28, true);
  v.setBigUint64(20, BigInt(rf.length - 8), true);
  v.setBigUint64(28, 10n, true); // data size
  v.setBigUint64(36, 5n, true); // sample count
  rf.set(wav.subarray(12), 48);
  assert.equal(String.fromCharCode(...rf.subarray(72, 76)), "data");
  v.setUint32(76, 0xFFFFFFFF, true); // data chunk size placeholder
  const d = decodeWav(rf);
  assert.equal(d.frames, 5);
  assert.deepEqual([...d.samples], [1, -2, 3, -4, 5].map((x) => x / 32768));
});
