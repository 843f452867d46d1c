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
