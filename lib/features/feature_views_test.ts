import assert from "node:assert/strict";
import { applyView, applyViewTransposed, POOLED_VIEWS } from "./feature_views.ts";
import { POOLED_FEATURE_COUNT, POOLED_FEATURE_NAMES } from "./pooled_features.ts";

const F = POOLED_FEATURE_COUNT;
const col = (name: string) => POOLED_FEATURE_NAMES.indexOf(name);

Deno.test("the level view takes the clip level out: a +10 dB gain leaves it unchanged", () => {
  // A clip, and the same clip 10 dB louder: every log-mel statistic +10, MFCC 0's +80, log RMS's +10·ln10/20.
  const x = Float32Array.from({ length: F }, (_, i) => Math.sin(i));
  const louder = Float32Array.from(x);
  for (const [i, n] of POOLED_FEATURE_NAMES.entries()) {
    if (/^logmel\d+_(mean|p10|p90)$/.test(n)) louder[i] += 10;
    if (/^mfcc0_(mean|p10|p90)$/.test(n)) louder[i] += 80;
    if (/^log_rms_(mean|p10|p90)$/.test(n)) louder[i] += 10 * Math.LN10 / 20;
  }
  const a = applyView(POOLED_VIEWS.level, x, F), b = applyView(POOLED_VIEWS.level, louder, F);
  for (let i = 0; i < F; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4, POOLED_FEATURE_NAMES[i]);
});

Deno.test("the relative view zeroes each descriptor's mean and measures its percentiles from it", () => {
  const x = Float32Array.from({ length: F }, (_, i) => i);
  const y = applyView(POOLED_VIEWS.relative, x, F);
  assert.equal(y[col("mfcc3_mean")], 0);
  assert.equal(y[col("mfcc3_p90")], col("mfcc3_p90") - col("mfcc3_mean"));
  assert.equal(y[col("mfcc3_std")], col("mfcc3_std"), "spreads are left as they are");
  assert.deepEqual(applyView(POOLED_VIEWS["as-measured"], x, F), x);
});

Deno.test("applyViewTransposed() is the transpose of applyView(): ⟨T x, y⟩ = ⟨x, Tᵀ y⟩", () => {
  const x = Float32Array.from({ length: F }, (_, i) => Math.cos(3 * i)),
    y = Float64Array.from({ length: F }, (_, i) => Math.sin(7 * i));
  for (const v of Object.values(POOLED_VIEWS)) {
    const tx = applyView(v, x, F), ty = applyViewTransposed(v, y);
    const lhs = tx.reduce((s, t, i) => s + t * y[i], 0), rhs = x.reduce((s, t, i) => s + t * ty[i], 0);
    assert.ok(Math.abs(lhs - rhs) < 1e-3 * (1 + Math.abs(lhs)), `${v.name}: ${lhs} vs ${rhs}`);
  }
});
