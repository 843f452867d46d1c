import assert from "node:assert/strict";
import wavefile from "wavefile";
import { AudioDecodeError, AudioValueError } from "./errors.ts";
import { loadAudio, loadAudioBytes } from "./load_audio.ts";

const { WaveFile } = wavefile;

function encode(channels: number, rate: number, depth: string, samples: number[] | number[][]): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(channels, rate, depth, samples);
  return w.toBuffer();
}

Deno.test("loadAudioBytes() windows by trunc(offset × rate) and trunc(duration × rate) frames, without padding", () => {
  const bytes = encode(1, 10, "16", Array.from({ length: 30 }, (_, i) => i * 100));
  const a = loadAudioBytes(bytes, { sampleRate: null, offset: 0.55, duration: 1.29 });
  assert.deepEqual([...a.y].map((v) => Math.round(v * 32768)), [
    500,
    600,
    700,
    800,
    900,
    1000,
    1100,
    1200,
    1300,
    1400,
    1500,
    1600,
  ]);
  assert.equal(loadAudioBytes(bytes, { sampleRate: null, duration: 100 }).y.length, 30);
});

Deno.test("loadAudioBytes() mixes to mono with the float32 mean over channels", () => {
  const bytes = encode(3, 8000, "16", [[3, 300], [6, -300], [9, 0]]);
  const a = loadAudioBytes(bytes, { sampleRate: null });
  assert.equal(a.nativeChannels, 3);
  assert.deepEqual([...a.y], [Math.fround(6 / 32768), 0]);
  const b = loadAudioBytes(bytes, { sampleRate: null, mono: false });
  assert.equal(b.channelData.length, 3);
  assert.deepEqual([...b.channelData[2]], [9 / 32768, 0]);
});

Deno.test("loadAudioBytes() keeps the native rate when asked, and resamples otherwise", () => {
  const bytes = encode(1, 44100, "16", new Array(4410).fill(0));
  const native = loadAudioBytes(bytes, { sampleRate: null });
  assert.equal(native.sampleRate, 44100);
  assert.equal(native.resampler, null);
  const r = loadAudioBytes(bytes);
  assert.equal(r.sampleRate, 22050);
  assert.equal(r.y.length, 2205);
  assert.ok(["soxr_hq", "soxr_hq_wasm", "sinc_kaiser"].includes(r.resampler ?? ""));
});

Deno.test("loadAudio() rejects unreadable files, non-finite samples and bad options clearly", async (t) => {
  await t.step("a missing path", async () => {
    await assert.rejects(
      loadAudio("no/such/file.wav"),
      (e: Error) => e instanceof AudioDecodeError && /^no\/such\/file.wav: cannot read file/.test(e.message),
    );
  });
  await t.step("an infinite sample", () => {
    const bytes = encode(1, 8000, "32f", [0, Infinity, 0]);
    assert.throws(
      () => loadAudioBytes(bytes, { source: "inf.wav" }),
      (e: Error) => e instanceof AudioValueError && /inf.wav: .*sample 1 is Infinity/.test(e.message),
    );
  });
  await t.step("a negative duration", () => {
    assert.throws(
      () => loadAudioBytes(encode(1, 8000, "16", [0]), { duration: -1 }),
      /`duration` must be a non-negative number: received -1/,
    );
  });
});
