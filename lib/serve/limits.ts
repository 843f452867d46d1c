/**
 * The server's limits, in one place: what the routes and the stream enforce, and what `/v1/model` and the OpenAPI
 * description publish (snake_case, units in the names).
 *
 * @module
 */

/** Limits of the live stream. */
export interface StreamLimits {
  /** Live streams at once; more get 503 at the upgrade. */
  max_streams: number;
  /** Accepted PCM sample rates, Hz (inclusive range). */
  sample_rate_hz: [number, number];
  /** Channels accepted (mono only: mix before sending). */
  channels: 1;
  formats: ["s16le", "f32le"];
  /** Window and hop, seconds (inclusive ranges; the hop is at most the window). */
  window_s: [number, number];
  hop_s: [number, number];
  /** Largest binary message, bytes. */
  max_message_bytes: number;
  /** Messages per second (averaged over 2 s). */
  max_messages_per_second: number;
  /** Audio may arrive at most this many times faster than real time (after the first 2 s). */
  max_realtime: number;
  /** Seconds without a message before the server closes the socket. */
  idle_timeout_s: number;
  /** Most memory one stream can make the server hold, bytes (its window ring, early audio, and history). */
  memory_bytes_per_stream: number;
}

/** Every limit the server enforces. */
export interface ServerLimits {
  max_body_bytes: number;
  min_seconds: number;
  max_seconds: number;
  /** Files in one multipart request. */
  max_files_per_request: number;
  /** Decodes in flight before 503 `busy`. */
  concurrency: number;
  request_timeout_ms: number;
  stream: StreamLimits;
}

/** Stream history kept for the transductive and enrolment modes (feature vectors). */
export const STREAM_HISTORY = 32;
/** Binary messages kept while a stream's detector is being set up. */
export const STREAM_EARLY_MESSAGES = 8;

/**
 * The limits from the server's options (defaults documented on `ServeOptions`).
 *
 * @example
 * serverLimits({ maxBodyMb: 20 }).max_body_bytes; // 20971520
 */
export function serverLimits(o: {
  maxBodyMb?: number;
  minSeconds?: number;
  maxSeconds?: number;
  maxFiles?: number;
  concurrency?: number;
  requestTimeoutMs?: number;
  maxStreams?: number;
  featureDim?: number;
}): ServerLimits {
  const window: [number, number] = [1, 10], rates: [number, number] = [8000, 48000];
  const maxMessage = 262144;
  const ring = window[1] * rates[1] * 4;
  const history = 2 * STREAM_HISTORY * (o.featureDim ?? 676) * 4;
  return {
    max_body_bytes: Math.round((o.maxBodyMb ?? 20) * 1024 * 1024),
    min_seconds: o.minSeconds ?? 0.25,
    max_seconds: o.maxSeconds ?? 60,
    max_files_per_request: o.maxFiles ?? 16,
    concurrency: o.concurrency ?? 64,
    request_timeout_ms: o.requestTimeoutMs ?? 30000,
    stream: {
      max_streams: o.maxStreams ?? 8,
      sample_rate_hz: rates,
      channels: 1,
      formats: ["s16le", "f32le"],
      window_s: window,
      hop_s: [0.25, window[1]],
      max_message_bytes: maxMessage,
      max_messages_per_second: 50,
      max_realtime: 4,
      idle_timeout_s: 60,
      memory_bytes_per_stream: ring + STREAM_EARLY_MESSAGES * maxMessage + history + 2 * maxMessage,
    },
  };
}
