import assert from "node:assert/strict";
import { sniffSampleRate } from "./sniff_sample_rate.ts";

const fixture = (dir: string, name: string) => new URL(`../../tests/fixtures/${dir}/${name}`, import.meta.url);

Deno.test("sniffSampleRate() reads the rate WAV, FLAC, Ogg Vorbis, Opus and MP3 declare, and nothing from text", async () => {
  const rate = async (dir: string, name: string) => sniffSampleRate(await Deno.readFile(fixture(dir, name)));
  assert.equal(await rate("audio", "speech_16000_s16.wav"), 16000);
  assert.equal(await rate("audio", "speech_24414_s16.wav"), 24414);
  assert.equal(await rate("formats", "speech_44100_s16.flac"), 44100);
  assert.equal(await rate("formats", "speech_16000.ogg"), 16000);
  assert.equal(await rate("formats", "speech_48000.opus"), 48000);
  assert.equal(await rate("formats", "speech_44100.mp3"), 44100);
  assert.equal(sniffSampleRate(new TextEncoder().encode("This is not audio at all.")), null);
});
