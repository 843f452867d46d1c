import assert from "node:assert/strict";
import { addNoise, applyAugmentation, augmentationPlan, augmentationRng, pitchShift, timeStretch } from "./augment.ts";
import { mulberry32 } from "../random.ts";

const sr = 16000;
const tone = (f: number, seconds = 1) =>
  Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / sr));

/** Dominant frequency by counting upward zero crossings. */
function frequency(y: Float32Array): number {
  let n = 0;
  for (let i = 1; i < y.length; i++) if (y[i - 1] < 0 && y[i] >= 0) n++;
  return (n * sr) / y.length;
}
const power = (y: Float32Array) => y.reduce((s, v) => s + v * v, 0) / y.length;

Deno.test("augmentation is deterministic per seed and clip, and differs between seeds", () => {
  const y = tone(220);
  const run = (seed: number) => {
    let out: Float32Array = y;
    const rng = augmentationRng(seed, "a.wav", 1);
    for (const a of augmentationPlan(seed, "a.wav", 1)) out = applyAugmentation(out, sr, a, rng, [tone(310)]);
    return out;
  };
  assert.deepEqual(augmentationPlan(7, "a.wav", 0), augmentationPlan(7, "a.wav", 0));
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  assert.notDeepEqual(augmentationPlan(7, "a.wav", 0), augmentationPlan(7, "b.wav", 0));
});

Deno.test("pitch shift keeps length and rate and moves the frequency by the semitones", () => {
  const y = tone(200);
  const up = pitchShift(y, sr, 12);
  assert.equal(up.length, y.length);
  assert.ok(Math.abs(frequency(up.subarray(2000, 14000)) - 400) < 8, `${frequency(up)}`);
  const down = pitchShift(y, sr, -2);
  assert.ok(Math.abs(frequency(down.subarray(2000, 14000)) - 200 * 2 ** (-2 / 12)) < 5);
});

Deno.test("time stretch changes the length by 1/rate and keeps the pitch", () => {
  const y = tone(300);
  const slow = timeStretch(y, 0.8);
  assert.equal(slow.length, Math.round(y.length / 0.8));
  assert.ok(Math.abs(frequency(slow.subarray(2000, slow.length - 2000)) - 300) < 5);
  assert.equal(timeStretch(y, 1.25).length, Math.round(y.length / 1.25));
  assert.throws(() => timeStretch(y, 0), /must be positive/);
});

Deno.test("noise is added at the requested signal-to-noise ratio, gain in dB", () => {
  const y = tone(250);
  for (const color of ["white", "pink", "babble"] as const) {
    const noisy = addNoise(y, color, 10, mulberry32(1), [tone(333), tone(411)]);
    assert.equal(noisy.length, y.length);
    const noise = noisy.map((v, i) => v - y[i]);
    const snr = 10 * Math.log10(power(y) / power(noise));
    assert.ok(Math.abs(snr - 10) < 1e-3, `${color}: SNR ${snr}`);
  }
  assert.throws(() => addNoise(y, "babble", 10, mulberry32(1), []), /babble noise needs at least one other clip/);
  const g = applyAugmentation(y, sr, { kind: "gain", db: -6 }, mulberry32(1));
  assert.ok(Math.abs(10 * Math.log10(power(g) / power(y)) + 6) < 1e-4);
});

Deno.test("every copy's plan changes the level by −30 to +6 dB, quieter far more often than louder", () => {
  const gains = Array.from({ length: 400 }, (_, i) => augmentationPlan(42, `clip${i}.wav`, i % 3))
    .map((plan) => plan.find((a) => a.kind === "gain"))
    .map((a) => (a?.kind === "gain" ? a.db : NaN));
  assert.ok(gains.every((g) => g >= -30 && g <= 6), "within −30…+6 dB");
  assert.ok(Math.min(...gains) < -25 && Math.max(...gains) > 3, "the range is used");
  assert.ok(gains.filter((g) => g < -10).length > 200, "most copies are more than 10 dB quieter");
});

Deno.test("augmentationPlan(…, 'chain'): a voice change, then a recording chain ending in a level (clipped when raised)", () => {
  const plans = Array.from({ length: 200 }, (_, k) => augmentationPlan(42, `clip_${k}.wav`, k % 3, "chain"));
  assert.deepEqual(augmentationPlan(42, "a.wav", 1, "chain"), augmentationPlan(42, "a.wav", 1, "chain"), "seeded");
  for (const p of plans) {
    assert.ok(p[0].kind === "pitch" || p[0].kind === "stretch");
    const gainAt = p.findIndex((a) => a.kind === "gain");
    const gain = p[gainAt] as { kind: "gain"; db: number };
    assert.ok(gain.db >= -30 && gain.db <= 20);
    assert.equal(p.at(-1)!.kind === "clip", gain.db > 0, "clipping exactly when the level is raised");
  }
  const share = (kind: string) => plans.filter((p) => p.some((a) => a.kind === kind)).length / plans.length;
  // Drawn with 60 %, 40 % and 50 %: within a few standard errors over 200 plans.
  assert.ok(Math.abs(share("channel") - 0.6) < 0.12 && Math.abs(share("room") - 0.4) < 0.12);
  assert.ok(Math.abs(share("noise") - 0.5) < 0.12);
});
