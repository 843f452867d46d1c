import assert from "node:assert/strict";
import type { Predictor } from "../predict/mod.ts";
import { serverLimits } from "./limits.ts";
import { parseStart, StreamRefusal } from "./stream_start.ts";

const limits = serverLimits({}).stream;
const predictor = {
  modes: ["global", "transductive"],
  featureSet: { name: "pooled", count: 676 },
} as unknown as Predictor;

Deno.test("parseStart(): defaults, the older camelCase rate, and the global mode without an enrolment", () => {
  const s = parseStart({ type: "start", sampleRate: 16000 }, limits, predictor);
  assert.deepEqual(s, {
    purpose: "predict",
    sampleRate: 16000,
    format: "s16le",
    window: 3,
    hop: 0.5,
    mode: "global",
    enrolment: null,
    enrolSeconds: 0,
  });
  assert.equal(parseStart({ sample_rate: 48000, mode: "transductive" }, limits, predictor).mode, "transductive");
  const enrol = parseStart({ sample_rate: 16000, purpose: "enrol", seconds: 12 }, limits, predictor);
  assert.deepEqual([enrol.window, enrol.hop, enrol.enrolSeconds], [3, 1.5, 12]);
});

Deno.test("parseStart(): every refusal is close code 1008 with the field, the value and what is allowed", () => {
  const refused = (m: Record<string, unknown>, reason: RegExp) =>
    assert.throws(
      () => parseStart(m, limits, predictor),
      (e: StreamRefusal) => e.code === 1008 && reason.test(e.message),
    );
  refused({ sample_rate: 96000 }, /sample_rate must be an integer in 8000–48000 Hz: received 96000/);
  refused({ sample_rate: 16000, window: 10000 }, /window must be in 1–10: received 10000/);
  refused({ sample_rate: 16000, hop: 1 / 16000 }, /hop must be in 0.25–3/);
  refused({ sample_rate: 16000, window: 2, hop: 2.5 }, /hop must be in 0.25–2: received 2.5/);
  refused({ sample_rate: 16000, channels: 2 }, /channels must be 1/);
  refused({ sample_rate: 16000, format: "mp3" }, /format must be "s16le" or "f32le": received mp3/);
  refused({ sample_rate: 16000, purpose: "train" }, /purpose must be "predict" or "enrol"/);
  refused({ sample_rate: 16000, mode: "enrolled" }, /mode must be one of global, transductive \(this model's\)/);
  refused({ sample_rate: 16000, enrolment: { type: "nope" } }, /enrolment/);
});

Deno.test("serverLimits(): snake_case limits with units, and a per-stream memory budget that covers its buffers", () => {
  const l = serverLimits({ maxBodyMb: 1, maxStreams: 2 });
  assert.equal(l.max_body_bytes, 1048576);
  assert.equal(l.stream.max_streams, 2);
  // The window ring at the highest rate and longest window, in float32, fits in the budget.
  assert.ok(l.stream.memory_bytes_per_stream >= l.stream.window_s[1] * l.stream.sample_rate_hz[1] * 4);
  assert.ok(Object.keys(l).every((k) => /^[a-z_]+$/.test(k)));
});
