import assert from "node:assert/strict";
import { mergeSegments, timelineSummary, type WindowResult, windowSlots } from "./segments.ts";

/** Scripted windows (3 s, hop 1 s): a label per window; "-" is unvoiced, "label:0.2" sets the confidence. */
function script(labels: string[]): WindowResult[] {
  return labels.map((l, k) => {
    const [emotion, c] = l.split(":");
    return emotion === "-"
      ? { start: k, end: k + 3, voiced: false, speechFraction: 0 }
      : { start: k, end: k + 3, voiced: true, speechFraction: 1, emotion, confidence: c ? Number(c) : 0.9 };
  });
}
const simple = (s: { start: number; end: number; label: string }[]) => s.map((x) => `${x.start}-${x.end} ${x.label}`);

Deno.test("windowSlots() tiles the recording: each window stands for its middle hop, the ends extend to 0 and the end", () => {
  assert.deepEqual(windowSlots(script(["a", "a", "a", "a"]), 6), [[0, 2], [2, 3], [3, 4], [4, 6]]);
});

Deno.test("mergeSegments(): neighbours with the same label merge; silence is marked, not classified", () => {
  // 10 windows over 12 s.
  const s = mergeSegments(script(["angry", "angry", "angry", "-", "-", "-", "sad", "sad", "sad", "sad"]), 12);
  assert.deepEqual(simple(s), ["0-4 angry", "4-7 silence", "7-12 sad"]);
  assert.equal(s[1].confidence, 0);
  assert.ok(Math.abs(s[0].confidence - 0.9) < 1e-12);
});

Deno.test("mergeSegments(): below the confidence floor a window is uncertain", () => {
  const s = mergeSegments(script(["happy", "happy:0.3", "happy:0.35", "happy:0.2", "happy"]), 7, { minSegment: 0 });
  assert.deepEqual(simple(s), ["0-2 happy", "2-5 uncertain", "5-7 happy"]);
});

Deno.test("mergeSegments(): a voiced segment shorter than minSegment joins its longer voiced neighbour; silences stay", () => {
  // angry ×4, one fear blip, sad ×2, a short silence, neutral ×3.
  const w = script(["angry", "angry", "angry", "angry", "fear", "sad", "sad", "-", "neutral", "neutral", "neutral"]);
  assert.deepEqual(simple(mergeSegments(w, 13, { minSegment: 0 })), [
    "0-5 angry",
    "5-6 fear",
    "6-8 sad",
    "8-9 silence",
    "9-13 neutral",
  ]);
  // The 1 s fear joins the 5 s angry (its longer neighbour); the 2 s sad stays at minSegment 2, not at 2.5.
  assert.deepEqual(simple(mergeSegments(w, 13, { minSegment: 2 })), [
    "0-6 angry",
    "6-8 sad",
    "8-9 silence",
    "9-13 neutral",
  ]);
  assert.deepEqual(simple(mergeSegments(w, 13, { minSegment: 2.5 })), ["0-8 angry", "8-9 silence", "9-13 neutral"]);
  // A short voiced segment between silences has no voiced neighbour and stays.
  assert.deepEqual(simple(mergeSegments(script(["-", "-", "fear", "-", "-"]), 7, { minSegment: 3 })), [
    "0-3 silence",
    "3-4 fear",
    "4-7 silence",
  ]);
});

Deno.test("timelineSummary(): share of voiced time per label and each label's longest segment", () => {
  const s = mergeSegments(
    script(["angry", "angry", "-", "sad", "sad", "sad", "-", "angry", "angry", "angry", "angry"]),
    13,
    {
      minSegment: 0,
    },
  );
  const sum = timelineSummary(s, 13);
  assert.equal(sum.silenceSeconds, 2);
  assert.equal(sum.voicedSeconds, 11);
  assert.deepEqual(sum.byLabel.angry.longest, { start: 8, end: 13 }); // slots: angry 0–3, sad 4–7, angry 8–13
  assert.equal(sum.byLabel.angry.segments, 2);
  assert.ok(Math.abs(sum.byLabel.angry.share - 8 / 11) < 1e-12);
  assert.ok(Math.abs(sum.byLabel.sad.share - 3 / 11) < 1e-12);
});

Deno.test("mergeSegments(): a voiced window whose own slot holds no speech is silence there (a recording's tail)", () => {
  const w = (start: number, slot: number) => ({
    start,
    end: start + 3,
    voiced: true,
    speechFraction: 0.33,
    slotSpeechFraction: slot,
    emotion: "sad",
    confidence: 0.9,
  });
  const segs = mergeSegments([w(0, 1), w(1, 1), w(2, 0)], 5, { minSegment: 0 });
  assert.deepEqual(segs.map((s) => [s.label, s.start, s.end]), [["sad", 0, 3], ["silence", 3, 5]]);
});
