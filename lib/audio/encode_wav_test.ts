import assert from "node:assert/strict";
import wavefile from "wavefile";
import { decodeWav } from "./decode_wav.ts";
import { encodeWav } from "./encode_wav.ts";

Deno.test("encodeWav() writes 16-bit PCM that wavefile and decodeWav() read back", () => {
  const y = [0, 0.5, -0.5, 1, -1, 2];
  const bytes = encodeWav(y, 16000);
  const w = new wavefile.WaveFile(bytes);
  assert.equal((w.fmt as { sampleRate: number }).sampleRate, 16000);
  assert.deepEqual([...(w.getSamples(false, Int16Array) as unknown as Int16Array)], [
    0,
    16384,
    -16384,
    32767,
    -32767,
    32767,
  ]);
  assert.deepEqual([...decodeWav(bytes).samples], [0, 16384, -16384, 32767, -32767, 32767].map((v) => v / 32768));
  assert.throws(() => encodeWav([0, 1, 2], 8000, { channels: 2 }), /3 samples do not divide into 2 channels/);
});
