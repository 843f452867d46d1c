import assert from "node:assert/strict";
import { AudioDecodeError, AudioValueError, loadAudio } from "$lib/audio/mod.ts";
import { fixture, maxAbsDiff, readF32 } from "./support/fixtures.ts";

const rejected: Record<string, [typeof AudioDecodeError | typeof AudioValueError, RegExp]> = {
  "empty.wav": [AudioDecodeError, /empty file \(0 bytes\)/],
  "header_only.wav": [AudioDecodeError, /no audio frames: the data chunk declares 116278 bytes but holds 0/],
  "mp3_in_wav.wav": [
    AudioDecodeError,
    /unsupported WAV format code 0x0055 \(MPEG\).*libsndfile could not read it either/,
  ],
  "nan_float.wav": [AudioValueError, /not finite everywhere \(sample 0 is NaN\)/],
  "no_fmt.wav": [AudioDecodeError, /no "fmt " chunk/],
  "not_audio.wav": [AudioDecodeError, /a text file, not audio \(first bytes "This"\)/],
  "random_bytes.wav": [AudioDecodeError, /unrecognised audio format .*libsndfile: Format not recognised/],
  "rifx.wav": [AudioDecodeError, /RIFX \(big-endian WAV\): libsndfile could not decode it \(.*Malformed 'fmt ' chunk/],
  "truncated_header.wav": [AudioDecodeError, /"fmt " chunk is truncated \(10 bytes/],
  "zero_channels.wav": [AudioDecodeError, /declares 0 channels/],
  "zero_rate.wav": [AudioDecodeError, /declares a sample rate of 0 Hz/],
};

Deno.test("hostile WAV files get a typed error naming the file and the reason", async (t) => {
  for (const [name, [type, message]] of Object.entries(rejected)) {
    await t.step(name, async () => {
      const path = fixture("bad", name);
      const err = await loadAudio(path, { duration: 3 }).then(() => null, (e) => e);
      assert.ok(err instanceof type, `${name}: expected ${type.name}, got ${err}`);
      assert.ok(err.message.startsWith(path + ": "), err.message);
      assert.match(err.message, message);
    });
  }
});

Deno.test("readable oddities load the samples that are there", async (t) => {
  // These four files carry speech_22050_s16's samples; librosa's y for that clip is the reference.
  const ref = readF32(fixture("librosa", "speech_22050_s16", "y.f32"));
  await t.step("valid_with_odd_chunk.wav: a 5-byte LIST chunk and its pad byte are skipped", async () => {
    const a = await loadAudio(fixture("bad", "valid_with_odd_chunk.wav"), { duration: 3 });
    assert.deepEqual(a.warnings, []);
    assert.equal(maxAbsDiff(a.y, ref), 0);
  });
  await t.step("huge_data_size.wav: a data size of 4294967280 is clamped to the bytes present", async () => {
    const a = await loadAudio(fixture("bad", "huge_data_size.wav"), { duration: 3 });
    assert.match(a.warnings[0], /declares 4294967280 bytes but only 116278 are present/);
    assert.equal(maxAbsDiff(a.y, ref), 0);
  });
  await t.step(
    "bits12.wav: 12-bit PCM, which the RIFF reader lacks, is read by libsndfile as librosa reads it",
    async () => {
      const a = await loadAudio(fixture("bad", "bits12.wav"), { duration: 3 });
      assert.equal(a.decoder, "libsndfile");
      assert.match(a.warnings[0], /unsupported PCM bit depth 12 .*read by libsndfile instead/);
      assert.equal(maxAbsDiff(a.y, ref), 0);
    },
  );
  await t.step("truncated_data.wav: the first 19365 samples, as written", async () => {
    const a = await loadAudio(fixture("bad", "truncated_data.wav"), { duration: 3 });
    assert.equal(a.y.length, 38730 / 2);
    assert.equal(maxAbsDiff(a.y, ref.subarray(0, a.y.length)), 0);
  });
});

Deno.test("a batch over every hostile file finishes and accounts for each one", async () => {
  const names = [...Deno.readDirSync(fixture("bad"))].map((e) => e.name).sort();
  const outcomes = await Promise.all(
    names.map((n) => loadAudio(fixture("bad", n), { duration: 3 }).then(() => "ok", (e) => e.name)),
  );
  assert.equal(names.length, 15);
  assert.equal(outcomes.filter((o) => o === "ok").length, 4);
  assert.ok(outcomes.every((o) => ["ok", "AudioDecodeError", "AudioValueError"].includes(o)));
});
