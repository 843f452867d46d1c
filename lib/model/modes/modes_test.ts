import assert from "node:assert/strict";
import { enrolmentOf, enrolmentWeight, pickEnrolment } from "./enrolled.ts";
import { parseUseModes, USE_MODES, useModeName } from "./mode_registry.ts";
import type { TrainingRows } from "./use_mode.ts";

const rows = (x: number[], speakers: string[], labels: string[]): TrainingRows => ({
  x: Float32Array.from(x),
  dim: 1,
  speakers,
  labels,
  seconds: x.map(() => 3),
});

Deno.test("useModeName() reads the three modes and the older speaker/none names; parseUseModes() always keeps global", () => {
  assert.equal(useModeName("Enrolled"), "enrolled");
  assert.equal(useModeName("speaker"), "transductive");
  assert.equal(useModeName("none"), "global");
  assert.throws(() => useModeName("speker"), /unknown use mode "speker" \(expected global, enrolled, transductive\)/);
  assert.deepEqual(parseUseModes("transductive,enrolled,enrolled"), ["global", "enrolled", "transductive"]);
});

Deno.test("enrolled: training speakers are centred on their reference-label clips, those without on all their clips", () => {
  // Speaker a: neutral 10, angry 20 → centred on 10; speaker b (no neutral): calm 4, sad 6 → centred on 5.
  const r = rows([10, 20, 4, 6], ["a", "a", "b", "b"], ["neutral", "angry", "calm", "sad"]);
  const { x, notes } = USE_MODES.enrolled.prepareTraining(r, { enrolment: { label: "neutral", seconds: 10 }, seed: 1 });
  assert.deepEqual(Array.from(x), [0, 10, -1, 1]);
  assert.match(notes[0], /1 training speakers have no "neutral" clips \(e\.g\. b\)/);
  assert.throws(
    () =>
      USE_MODES.enrolled.prepareTraining(rows([1], [""], ["sad"]), {
        enrolment: { label: "neutral", seconds: 10 },
        seed: 1,
      }),
    /needs every training clip's speaker/,
  );
});

Deno.test("enrolled at use: rows with an enrolment are centred on it, the others are left to the global model", () => {
  const e = enrolmentOf("t", [Float32Array.of(1, 2), Float32Array.of(3, 4)], 6);
  assert.deepEqual(Array.from(e.mean), [2, 3]);
  const u = USE_MODES.enrolled.prepareUse(Float32Array.of(5, 5, 5, 5), 2, { enrolments: [e, null] });
  assert.deepEqual(Array.from(u.x), [3, 2, 5, 5]);
  assert.deepEqual(u.served, [true, false]);
  assert.equal(u.notes.length, 1);
  assert.throws(() => enrolmentOf("t", [], 0), /at least one clip/);
});

Deno.test("pickEnrolment() takes reference clips until the seconds are reached, at least one", () => {
  const rng = () => 0.5;
  assert.equal(pickEnrolment([0, 1, 2, 3, 4], [4, 4, 4, 4, 4], 10, rng).length, 3);
  assert.equal(pickEnrolment([7], [30], 10, rng).length, 1);
});

Deno.test("transductive at use: groups of two or more are standardised, singletons and ungrouped rows fall back", () => {
  const u = USE_MODES.transductive.prepareUse(Float32Array.of(1, 3, 9, 4), 1, { groups: ["a", "a", "b", null] });
  assert.deepEqual(Array.from(u.x.subarray(0, 2)), [-1, 1]);
  assert.deepEqual(u.served, [true, true, false, false]);
  assert.match(u.notes[0], /fewer than 2 clips/);
  assert.deepEqual(USE_MODES.global.prepareUse(Float32Array.of(1, 2), 1, {}).served, [true, true]);
});

Deno.test("enrolmentWeight(): full from 10 s of enrolment on, in proportion below, none without", () => {
  assert.equal(enrolmentWeight(10.4), 1);
  assert.equal(enrolmentWeight(3), 0.3);
  assert.equal(enrolmentWeight(0), 0);
  assert.equal(enrolmentWeight(NaN), 0);
});
