import assert from "node:assert/strict";
import { loadAudio } from "../audio/load_audio.ts";
import { VoiceActivityDetector } from "./vad.ts";

const fixture = (name: string) => new URL(`../../tests/fixtures/audio/${name}`, import.meta.url).pathname;

async function speechShare(name: string): Promise<number> {
  const { y, sampleRate } = await loadAudio(fixture(name), { sampleRate: null });
  const vad = await VoiceActivityDetector.create(sampleRate);
  for (let at = 0; at < y.length; at += 4000) vad.push(y.subarray(at, at + 4000));
  const share = vad.voicedFraction(0, y.length / sampleRate);
  vad.close();
  return share;
}

Deno.test("the VAD finds speech in speech, none in silence or digital zeros, and rejects white noise", async (t) => {
  await t.step("speech (16 kHz and 44.1 kHz)", async () => {
    assert.ok((await speechShare("speech_16000_s16.wav")) > 0.6);
    assert.ok((await speechShare("speech_44100_s16.wav")) > 0.4);
  });
  await t.step("dithered near-silence and digital zeros", async () => {
    assert.ok((await speechShare("silence_22050_s16.wav")) < 0.05);
    assert.ok((await speechShare("zeros_22050_s16.wav")) < 0.05);
  });
  await t.step("white noise (which the WebRTC detector alone calls speech)", async () => {
    assert.ok((await speechShare("noise_22050_s16.wav")) < 0.05);
  });
});

/** A signal scaled by `db` decibels. */
const scaled = (y: Float32Array, db: number) => y.map((v) => v * 10 ** (db / 20));

Deno.test("the VAD is relative to the recording: 30 dB quieter speech is speech, steady noise at any level is not", async (t) => {
  const { y } = await loadAudio(fixture("speech_16000_s16.wav"), { sampleRate: null });
  const share = async (x: Float32Array) => {
    const vad = await VoiceActivityDetector.create(16000);
    for (let at = 0; at < x.length; at += 1600) vad.push(x.subarray(at, at + 1600));
    const s = vad.voicedFraction(0, x.length / 16000);
    vad.close();
    return s;
  };
  const loud = await share(y);
  await t.step("the same speech 20 and 30 dB quieter keeps its speech frames", async () => {
    assert.ok((await share(scaled(y, -20))) >= 0.9 * loud);
    assert.ok((await share(scaled(y, -30))) >= 0.85 * loud);
  });
  await t.step("white noise at −60 and −20 dBFS stays silence", async () => {
    let s = 7;
    const noise = Float32Array.from(
      { length: 16000 * 6 },
      () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1,
    );
    for (const db of [-60, -20]) assert.ok((await share(scaled(noise, db + 4.8))) < 0.02, `${db} dBFS`);
  });
  await t.step("a live detector keeps only its recent decisions", async () => {
    const vad = await VoiceActivityDetector.create(16000, { keepSeconds: 2 });
    for (let at = 0; at < y.length; at += 1600) vad.push(y.subarray(at, at + 1600));
    assert.equal(vad.frame(0), 0);
    assert.ok(vad.voicedFraction(0, y.length / 16000) > 0);
    vad.close();
  });
});

Deno.test("decision(): a decided frame's verdict, −1 past the frames decided so far", async () => {
  const { y, sampleRate } = await loadAudio(fixture("speech_16000_s16.wav"), { sampleRate: null });
  const vad = await VoiceActivityDetector.create(sampleRate);
  vad.push(y);
  const n = vad.frames;
  assert.ok(n > 90); // 3 s of 30 ms frames
  for (let i = 0; i < n; i++) assert.equal(vad.decision(i), vad.frame(i));
  assert.equal(vad.decision(n), -1);
  vad.close();
});
