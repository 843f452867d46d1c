/**
 * The live stream's start message, checked against the limits before anything is allocated:
 *
 * ```json
 * { "type": "start", "sample_rate": 16000, "format": "s16le", "channels": 1, "window": 3, "hop": 0.5,
 *   "mode": "global" | "enrolled" | "transductive", "enrolment": { … }, "purpose": "predict" | "enrol", "seconds": 10 }
 * ```
 * `sampleRate` (camelCase) is read too, for older clients. With an enrolment the mode is `enrolled`; without one it is
 * `global`; `transductive` (the stream normalised by its own windows) only when asked for. `purpose: "enrol"` collects
 * `seconds` of voiced speech and answers with an enrolment instead of predictions.
 *
 * @module
 */
import type { Enrolment, UseModeName } from "../model/mod.ts";
import type { Predictor } from "../predict/mod.ts";
import { enrolmentFromJson } from "../model/mod.ts";
import type { StreamLimits } from "./limits.ts";

/** A checked start message. */
export interface StreamStart {
  purpose: "predict" | "enrol";
  sampleRate: number;
  format: "s16le" | "f32le";
  window: number;
  hop: number;
  mode: UseModeName;
  enrolment: Enrolment | null;
  /** Seconds of voiced speech an enrolment stream collects. */
  enrolSeconds: number;
}

/** A start message the server refuses: the close code and its reason. */
export class StreamRefusal extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "StreamRefusal";
  }
}

/** A number field in an inclusive range (its default when absent). */
function inRange(m: Record<string, unknown>, key: string, [lo, hi]: [number, number], fallback: number): number {
  const v = m[key] === undefined ? fallback : Number(m[key]);
  if (!(v >= lo && v <= hi)) throw new StreamRefusal(1008, `${key} must be in ${lo}–${hi}: received ${String(m[key])}`);
  return v;
}

/** The enrolment of a start message, checked against the model. */
function enrolmentOfStart(m: Record<string, unknown>, predictor: Predictor): Enrolment | null {
  if (m.enrolment === undefined) return null;
  try {
    return enrolmentFromJson(m.enrolment, predictor.featureSet.name, predictor.featureSet.count);
  } catch (e) {
    throw new StreamRefusal(1008, (e as Error).message);
  }
}

/**
 * Check a start message.
 *
 * @throws {StreamRefusal} 1008 with the reason: a rate, window, hop or channel count outside the limits, an unknown
 *   format, mode or purpose, a mode the model lacks, a bad enrolment.
 */
export function parseStart(m: Record<string, unknown>, limits: StreamLimits, predictor: Predictor): StreamStart {
  const sampleRate = Number(m.sample_rate ?? m.sampleRate);
  const [lo, hi] = limits.sample_rate_hz;
  if (!(Number.isInteger(sampleRate) && sampleRate >= lo && sampleRate <= hi)) {
    throw new StreamRefusal(
      1008,
      `sample_rate must be an integer in ${lo}–${hi} Hz: received ${String(m.sample_rate ?? m.sampleRate)}`,
    );
  }
  if (m.channels !== undefined && m.channels !== 1) {
    throw new StreamRefusal(1008, `channels must be 1 (mix to mono before sending): received ${String(m.channels)}`);
  }
  const format = m.format ?? "s16le";
  if (format !== "s16le" && format !== "f32le") {
    throw new StreamRefusal(1008, `format must be "s16le" or "f32le": received ${String(m.format)}`);
  }
  const purpose = m.purpose ?? "predict";
  if (purpose !== "predict" && purpose !== "enrol") {
    throw new StreamRefusal(1008, `purpose must be "predict" or "enrol": received ${String(m.purpose)}`);
  }
  const window = purpose === "enrol" ? 3 : inRange(m, "window", limits.window_s, 3);
  const hop = purpose === "enrol" ? 1.5 : inRange(m, "hop", [limits.hop_s[0], window], 0.5);
  const enrolment = enrolmentOfStart(m, predictor);
  const mode = (m.mode ?? (enrolment ? "enrolled" : "global")) as UseModeName;
  if (!predictor.modes.includes(mode)) {
    throw new StreamRefusal(
      1008,
      `mode must be one of ${predictor.modes.join(", ")} (this model's): received ${String(m.mode)}`,
    );
  }
  if (mode === "enrolled" && !enrolment) {
    throw new StreamRefusal(1008, "mode enrolled needs an enrolment (POST /v1/enrol)");
  }
  const enrolSeconds = purpose === "enrol" ? inRange(m, "seconds", [3, 30], 10) : 0;
  return { purpose, sampleRate, format, window, hop, mode, enrolment, enrolSeconds };
}
