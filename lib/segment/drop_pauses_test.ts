import assert from "node:assert/strict";
import { dropPauses, longestStretch } from "./drop_pauses.ts";

// 100 Hz "audio" whose sample value is its index; frames of 0.1 s (10 samples). A 2 s window starting at 1 s covers
// frames 10…29. Speech: frames 10–13, 20–29; pause: frames 14–19 (0.6 s).
const samples = Float32Array.from({ length: 200 }, (_, i) => i);
const speech = (i: number) => (i >= 14 && i < 20 ? 0 : 1);

Deno.test("dropPauses(): a long inner pause is cut but for its margins, worked by hand", () => {
  const out = dropPauses(samples, 100, 1, speech, { frameSeconds: 0.1, minPause: 0.25, margin: 0.05 });
  // The pause is [1.4, 2.0) s → samples 40…99 of the window; margins keep 40–44 and 95–99, so 45…94 go (50 samples).
  assert.equal(out.length, 150);
  assert.deepEqual([...out.subarray(40, 50)], [40, 41, 42, 43, 44, 95, 96, 97, 98, 99]);
});

Deno.test("dropPauses(): short pauses stay; a pause at the window's edge goes whole; no speech, no cut", () => {
  assert.equal(dropPauses(samples, 100, 1, speech, { frameSeconds: 0.1, minPause: 0.7 }), samples);
  const edge = (i: number) => (i < 15 ? 0 : 1); // frames 10–14 silent: the window's first 0.5 s
  const out = dropPauses(samples, 100, 1, edge, { frameSeconds: 0.1, margin: 0.05 });
  assert.equal(out[0], 45); // cut from the window's start to 1.5 s − 0.05 s
  assert.equal(out.length, 155);
  assert.equal(dropPauses(samples, 100, 1, () => 0, { frameSeconds: 0.1 }), samples);
  // Undecided frames count as speech: the first second is cut to its last 0.05 s margin.
  assert.equal(dropPauses(samples, 100, 1, (i) => (i < 20 ? 0 : -1), { frameSeconds: 0.1 }).length, 105);
});

Deno.test("longestStretch(): the longest speech between long pauses, with its margins, worked by hand", () => {
  // Speech 1.0–1.4 s, pause 1.4–2.0 s, speech 2.0–3.0 s: the second stretch wins, from 2.0 − 0.05 s to the end.
  const out = longestStretch(samples, 100, 1, speech, { frameSeconds: 0.1, minPause: 0.25, margin: 0.05 });
  assert.equal(out.length, 105);
  assert.equal(out[0], 95);
  assert.equal(longestStretch(samples, 100, 1, speech, { frameSeconds: 0.1, minPause: 0.7 }), samples);
});
