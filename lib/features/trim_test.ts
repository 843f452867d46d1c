import assert from "node:assert/strict";
import { loadAudio } from "../audio/load_audio.ts";
import { trim } from "./trim.ts";

const FIXTURES = new URL("../../tests/fixtures/", import.meta.url);
/** librosa 0.10.2's `effects.trim` of each clip (native rate, 3 s) between 0.5 s and 1 s of digital silence. */
const REF: { trim: Record<string, Record<string, [number, number]>> } = JSON.parse(
  await Deno.readTextFile(new URL("librosa/pooled_reference.json", FIXTURES)),
);

Deno.test("trim() finds the same [start, end) as librosa.effects.trim at 30 and 60 dB on padded fixture clips", async () => {
  for (const [clip, byDb] of Object.entries(REF.trim)) {
    const { y, sampleRate } = await loadAudio(new URL(`audio/${clip}`, FIXTURES).pathname, {
      sampleRate: null,
      duration: 3,
    });
    const padded = new Float32Array(sampleRate / 2 + y.length + sampleRate);
    padded.set(y, sampleRate / 2);
    for (const [db, [start, end]] of Object.entries(byDb)) {
      const r = trim(padded, { topDb: Number(db) });
      assert.deepEqual([r.start, r.end], [start, end], `${clip} at ${db} dB`);
      assert.equal(r.y.length, end - start);
    }
  }
});

Deno.test("trim() by hand: a tone between silences is cut to its frames; digital silence is kept whole, as librosa", () => {
  const y = new Float32Array(8192);
  for (let i = 3072; i < 5120; i++) y[i] = Math.sin(i / 5);
  const r = trim(y, { topDb: 60, frameLength: 1024, hopLength: 256 });
  // Frame t covers [256t − 512, 256t + 512). The first to reach the tone (3072) is t = 11, starting the trim at
  // 11 · 256 = 2816; the last to start before its end (5120) is t = 21, ending it at (21 + 1) · 256 = 5632.
  assert.deepEqual([r.start, r.end], [2816, 5632]);
  // All zeros: every frame is 0 dB below a maximum of 0, so nothing is silent (librosa returns [0, 4096] too).
  const zeros = trim(new Float32Array(4096));
  assert.deepEqual([zeros.start, zeros.end], [0, 4096]);
});
