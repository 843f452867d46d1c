import assert from "node:assert/strict";
import { LiveSmoother } from "./live_smoother.ts";

const C = ["angry", "happy", "sad"];
const w = (angry: number, happy: number, sad: number, male = 0.8) => ({
  voiced: true,
  probabilities: { angry, happy, sad },
  gender: { female: 1 - male, male },
});

Deno.test("LiveSmoother keeps an emotion through one-window blips and switches only on evidence", () => {
  const s = new LiveSmoother(C);
  assert.equal(s.push({ voiced: false }).label, "silence");
  assert.equal(s.push(w(0.9, 0.05, 0.05)).label, "angry"); // the first clear emotion shows at once
  assert.equal(s.push(w(0.1, 0.85, 0.05)).label, "angry"); // one happy window: mean angry 0.5, happy 0.45
  assert.equal(s.push(w(0.85, 0.1, 0.05)).label, "angry");
  s.push(w(0.05, 0.9, 0.05));
  let v = s.push(w(0.05, 0.9, 0.05)); // four windows: angry 0.46, happy 0.64: happy leads, first time
  assert.equal(v.label, "angry");
  v = s.push(w(0.05, 0.9, 0.05)); // leads twice and by more than the margin
  assert.equal(v.label, "happy");
  assert.equal(v.changed, true);
  assert.ok(Math.abs(v.probabilities.happy - (0.1 + 0.9 * 3) / 4) < 1e-9, "the mean of the last four windows");
});

Deno.test("LiveSmoother says uncertain when no emotion reaches the floor, and silence does not erase the state", () => {
  const s = new LiveSmoother(C);
  assert.equal(s.push(w(0.35, 0.33, 0.32)).label, "uncertain");
  assert.equal(s.push({ voiced: false }).label, "uncertain");
  // (0.35 + 0.9) / 2 = 0.625 ≥ floor: from uncertainty, the emotion that lifts it shows at once.
  assert.equal(s.push(w(0.9, 0.05, 0.05)).label, "angry");
});

Deno.test("LiveSmoother decides gender over the session's voiced windows, not per window", () => {
  const s = new LiveSmoother(C);
  assert.equal(s.push(w(0.9, 0.05, 0.05, 0.9)).gender!.label, "uncertain"); // one window is not enough
  s.push(w(0.9, 0.05, 0.05, 0.9));
  assert.equal(s.push(w(0.9, 0.05, 0.05, 0.9)).gender!.label, "male");
  const v = s.push(w(0.9, 0.05, 0.05, 0.06)); // a single "female 94 %" window
  assert.equal(v.gender!.label, "male");
  assert.equal(v.gender!.windows, 4);
});

Deno.test("LiveSmoother's default floor is 1.25 × chance, at least 0.25", () => {
  assert.equal(new LiveSmoother(["a", "b", "c", "d", "e", "f", "g"]).options.floor, 0.25);
  assert.ok(Math.abs(new LiveSmoother(C).options.floor - 1.25 / 3) < 1e-12);
  assert.equal(new LiveSmoother(C, { floor: 0.6 }).options.floor, 0.6);
});
