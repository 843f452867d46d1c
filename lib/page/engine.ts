/**
 * The page's engine: what the page needs from whatever runs the model. Two implement it — the server's
 * (`engine_server.ts`: HTTP and the WebSocket stream) and the on-device site's (`lib/site/engine_local.ts`: a worker in
 * the browser) — so the page is the same file for both and cannot tell which is behind it.
 *
 * @module
 */
import type { LiveMessage } from "../segment/live_messages.ts";

/** The model as `GET /v1/model` describes it (and the site's worker does alike). */
export interface ModelInfo {
  /** Class names in the model's output order. */
  classes: string[];
  /** A colour per class (CSS). */
  colors?: Record<string, string>;
  model_family: string;
  feature_set?: string;
  /** The modes the model was trained for, each with a one-line summary. */
  modes?: Partial<Record<"global" | "enrolled" | "transductive", string>>;
  /** The gender head's classes, or null without one. */
  gender?: string[] | null;
  /** Set when the model was trained on the synthetic demo corpus. */
  synthetic?: string | null;
  /** Seconds of each file the model reads. */
  read_seconds?: number;
}

/** One file's prediction, as `POST /v1/predict` returns it. */
export interface FilePrediction {
  emotion: string;
  confidence: number;
  probabilities: Record<string, number>;
  mode: string;
  gender?: { label: string; confidence: number } | null;
  duration_s?: number;
  truncated?: string;
}

/** A file's prediction or why there is none. */
export type FileResult = FilePrediction | { error: { code: string; message: string } };

/** What a live session is opened with. */
export interface LiveOptions {
  /** Rate of the PCM that will be pushed, Hz. */
  sampleRate: number;
  purpose: "predict" | "enrol";
  /** The enrolment JSON the page keeps (enrolled mode), or null. */
  enrolment: unknown | null;
  onMessage: (m: LiveMessage) => void;
  /** Called once, with a WebSocket-style close code (1000 normal). */
  onClose: (code: number, reason: string) => void;
}

/** An open live session. */
export interface LiveSession {
  /** 16-bit mono PCM at the session's rate (the buffer may be transferred). */
  push(pcm: ArrayBuffer): void;
  /** End the session (the engine asks for a `drained` answer where it can). */
  stop(): void;
}

/** An engine: model info, one file's prediction, and live sessions. */
export interface Engine {
  /** @throws {Error} When no model is loaded, saying so. */
  info(): Promise<ModelInfo>;
  predictFile(file: File, enrolment: unknown | null): Promise<FileResult>;
  live(options: LiveOptions): LiveSession;
}
