import assert from "node:assert/strict";
import type { WindowMessage } from "../segment/live_messages.ts";
import { initialLiveState, latencySummary, MAX_WINDOWS, reduceLive } from "./live_state.ts";

const win = (start: number, extra: Partial<WindowMessage> = {}): WindowMessage => ({
  type: "window",
  start,
  end: start + 3,
  voiced: true,
  speech_fraction: 1,
  emotion: "sad",
  confidence: 0.6,
  probabilities: { angry: 0.4, sad: 0.6 },
  gender: null,
  ...extra,
});

Deno.test("reduceLive() folds a session's messages into what the page shows", async (t) => {
  await t.step("ready sets the hop that later windows are drawn with", () => {
    let s = reduceLive(initialLiveState(), { type: "ready", purpose: "predict", mode: "global", hop: 1.5 });
    s = reduceLive(s, win(0));
    assert.equal(s.windows[0].hop, 1.5);
    assert.equal(s.current?.start, 0);
  });
  await t.step("dropped windows are counted; latencies give a median (odd and even counts)", () => {
    let s = initialLiveState();
    for (const ms of [30, 10, 20]) s = reduceLive(s, win(0, { latency_ms: ms }));
    s = reduceLive(s, { type: "dropped", start: 0.5, end: 3.5, reason: "busy" });
    assert.deepEqual(latencySummary(s), { medianMs: 20, windows: 3, dropped: 1 });
    s = reduceLive(s, win(1, { latency_ms: 40 }));
    assert.equal(latencySummary(s)!.medianMs, 30, "sorted [10, 20, 30, 40]: the upper middle");
    assert.equal(latencySummary(initialLiveState()), null);
  });
  await t.step("silence has no latency and does not enter the statistics", () => {
    const s = reduceLive(initialLiveState(), win(0, { voiced: false, emotion: "silence", latency_ms: undefined }));
    assert.equal(s.latencies.length, 0);
    assert.equal(s.windows.length, 1);
  });
  await t.step(`only the last ${MAX_WINDOWS} windows are kept, oldest first`, () => {
    let s = initialLiveState();
    for (let i = 0; i < MAX_WINDOWS + 10; i++) s = reduceLive(s, win(i * 0.5));
    assert.equal(s.windows.length, MAX_WINDOWS);
    assert.equal(s.windows[0].start, 5);
  });
  await t.step("enrolment: progress capped at 100 %, then the enrolment JSON; drained and errors kept", () => {
    let s = initialLiveState();
    const span = { start: 0, end: 3, voiced: true, speech_fraction: 1 };
    s = reduceLive(s, { type: "enrol_progress", ...span, voiced_seconds: 4.5, target_seconds: 10 });
    assert.deepEqual(s.enrol, { percent: 45, seconds: 4.5, target: 10 });
    s = reduceLive(s, { type: "enrol_progress", ...span, voiced_seconds: 12, target_seconds: 10 });
    assert.equal(s.enrol!.percent, 100);
    s = reduceLive(s, { type: "enrolment", enrolment: { type: "ser.enrolment" }, voiced_seconds: 12 });
    assert.deepEqual(s.enrolment, { json: { type: "ser.enrolment" }, seconds: 12 });
    s = reduceLive(s, { type: "drained", windows: 9, dropped: 1 });
    assert.deepEqual(s.drained, { windows: 9, dropped: 1 });
    s = reduceLive(s, { type: "error", error: { code: "policy", message: "too fast" } });
    assert.equal(s.error, "too fast");
  });
  await t.step("the state before a message is not changed", () => {
    const before = initialLiveState();
    reduceLive(before, win(0));
    assert.equal(before.windows.length, 0);
  });
});
