/**
 * The live protocol's messages, one union for every side of it: the live analyser emits them, the server's WebSocket
 * stream and the on-device site's worker forward them, and the page reduces them into what it shows. JSON-ready
 * objects, `type` first; field names in snake_case as they travel.
 *
 * A session: `ready` once, then per completed window (3 s every 0.5 s by default) a `window` (prediction or silence)
 * or a `dropped` (it completed while the previous one was still being analysed); with `purpose: "enrol"`,
 * `enrol_progress` per window and finally `enrolment`. A client's `{"type":"stop"}` is answered by `drained` once the
 * window being analysed is done: nothing is sent after it. An `error` says why a session is closing.
 *
 * @module
 */

/** Why a session is closing, as the server and worker say it. */
export interface LiveErrorBody {
  /** `policy`, `message_too_big`, `internal`, `going_away`, … */
  code: string;
  message: string;
}

/** A prediction's probabilities by class, 0–1. */
export type Probabilities = Record<string, number>;

/** The stream is set up: what it will do. */
export interface ReadyMessage {
  type: "ready";
  purpose: "predict" | "enrol";
  /** The mode windows are predicted in. */
  mode: string;
  /** Seconds between windows. */
  hop: number;
  /** Window length, s (server). */
  window?: number;
  sample_rate?: number;
  format?: "s16le" | "f32le";
  classes?: string[];
  /** Voiced seconds an enrolment needs (enrol purpose). */
  target_seconds?: number;
  /** Set when the model was trained on the synthetic demo corpus. */
  synthetic?: string;
}

/** Where a window is and whether it holds speech. */
export interface WindowSpan {
  /** Start and end, s from the stream's start. */
  start: number;
  end: number;
  /** At least 20 % of the window is voiced speech. */
  voiced: boolean;
  /** The voiced fraction, 0–1, two decimals. */
  speech_fraction: number;
}

/** The session's gender so far: the smoothed label, its probability and how many voiced windows it rests on. */
export interface LiveGender {
  label: string;
  confidence: number;
  windows: number;
}

/** One window: the stable label (`uncertain` when weak, `silence` before any speech) and the window's own prediction. */
export interface WindowMessage extends WindowSpan {
  type: "window";
  /** The shown label: smoothed, changing only on evidence. */
  emotion: string;
  /** The smoothed probability of the shown label (voiced windows). */
  confidence?: number;
  probabilities?: Probabilities;
  /** True when the shown label changed with this window. */
  changed?: boolean;
  /** The window's own prediction. */
  raw?: { emotion: string; confidence: number; probabilities: Probabilities };
  mode?: string;
  gender: LiveGender | null;
  note?: string;
  /** Analysis time of this window, ms. */
  latency_ms?: number;
}

/** A window that completed while the previous one was still being analysed: back-pressure never grows a queue. */
export interface DroppedMessage {
  type: "dropped";
  start: number;
  end: number;
  reason: string;
}

/** Enrolment so far: voiced seconds collected of the seconds asked for. */
export interface EnrolProgressMessage extends WindowSpan {
  type: "enrol_progress";
  voiced_seconds: number;
  target_seconds?: number;
}

/** The finished enrolment (its JSON form, which the client keeps); the session closes after it. */
export interface EnrolmentMessage {
  type: "enrolment";
  enrolment: unknown;
  voiced_seconds: number;
}

/** The answer to `stop`: every window sent has been answered; counts of the session's windows. */
export interface DrainedMessage {
  type: "drained";
  windows: number;
  dropped: number;
}

/** Why the session is closing. */
export interface ErrorMessage {
  type: "error";
  error: LiveErrorBody;
}

/** Every message a client of the live protocol receives. */
export type LiveMessage =
  | ReadyMessage
  | WindowMessage
  | DroppedMessage
  | EnrolProgressMessage
  | EnrolmentMessage
  | DrainedMessage
  | ErrorMessage;

/**
 * The enrolment's raw material, inside the process only: the analyser hands the voiced windows' feature vectors to its
 * owner (the stream session or the site's worker), which makes the `enrolment` message of them.
 */
export interface CollectedEnrolment {
  type: "collected";
  vectors: Float32Array[];
  seconds: number;
}

/** What the live analyser emits: the per-window messages, or the collected enrolment. */
export type AnalyserMessage = WindowMessage | DroppedMessage | EnrolProgressMessage | ErrorMessage | CollectedEnrolment;

/** The control messages a client sends (besides binary PCM). */
export type LiveControl = { type: "start"; [field: string]: unknown } | { type: "stop" };
