import assert from "node:assert/strict";
import { applyLabelSet, normaliseLabel, parseLabelList, parseMerge } from "./label_set.ts";

Deno.test("labels are trimmed, whitespace-collapsed and case-folded", () => {
  assert.equal(normaliseLabel("  Happy "), "happy");
  assert.equal(normaliseLabel("Pleasant \t Surprise"), "pleasant surprise");
  assert.equal(normaliseLabel("ÉNERVÉ"), "énervé");
});

Deno.test("--merge maps labels first, then --labels keeps a set and says why the rest are skipped", () => {
  const merge = parseMerge("Excited=happy, calm=Neutral");
  assert.deepEqual(merge, { excited: "happy", calm: "neutral" });
  const labels = parseLabelList("angry,happy,neutral,sad");
  assert.deepEqual(applyLabelSet("EXCITED", { merge, labels }), { ok: true, label: "happy", original: "excited" });
  assert.deepEqual(applyLabelSet("calm", { merge, labels }), { ok: true, label: "neutral", original: "calm" });
  assert.deepEqual(applyLabelSet("Sad ", { merge, labels }), { ok: true, label: "sad", original: "sad" });
  assert.deepEqual(applyLabelSet("fear", { merge, labels }), {
    ok: false,
    reason: 'label "fear" is not in --labels (angry, happy, neutral, sad)',
  });
  assert.deepEqual(applyLabelSet("frustrated", { merge: { frustrated: "fear" }, labels }), {
    ok: false,
    reason: 'label "fear" (merged from "frustrated") is not in --labels (angry, happy, neutral, sad)',
  });
  assert.deepEqual(applyLabelSet("   "), { ok: false, reason: "empty label" });
});

Deno.test("malformed --labels and --merge are refused with the reason", () => {
  assert.throws(() => parseLabelList(" , "), /must list at least one class/);
  assert.throws(() => parseLabelList("a,b,A"), /names "a" twice/);
  assert.throws(() => parseMerge("excited->happy"), /items must be from=to: received "excited->happy"/);
  assert.throws(() => parseMerge("a=b,A=c"), /maps "a" twice/);
});
