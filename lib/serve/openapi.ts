/**
 * The OpenAPI 3.1 description of the server, with its limits as configured (`GET /openapi.json`).
 *
 * @module
 */
import type { ServerLimits } from "./limits.ts";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const prediction = {
  type: "object",
  required: ["emotion", "confidence", "probabilities", "mode", "duration_s", "timing_ms"],
  properties: {
    emotion: { type: "string" },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    probabilities: { type: "object", additionalProperties: { type: "number" } },
    mode: {
      type: "string",
      enum: ["global", "enrolled", "transductive"],
      description: "global: the clip alone; enrolled: centred on the speaker's enrolment; transductive: normalised " +
        "with the request's other files (one speaker)",
    },
    gender: { type: "object", properties: { label: { type: "string" }, confidence: { type: "number" } } },
    note: { type: "string" },
    enrolmentWeight: {
      type: "number",
      description:
        "enrolled mode: the enrolment's weight in the answer, min(1, seconds / 10); the rest is the global model's",
    },
    synthetic: { type: "string", description: "present when the model was trained on the synthetic demo corpus" },
    truncated: { type: "string" },
    duration_s: { type: "number" },
    timing_ms: { type: "object" },
  },
};

const audioBody = (what: string) => ({
  required: true,
  description: what,
  content: {
    "audio/*": { schema: { type: "string", format: "binary" } },
    "application/octet-stream": { schema: { type: "string", format: "binary" } },
    "multipart/form-data": {
      schema: {
        type: "object",
        properties: {
          file: { type: "array", items: { type: "string", format: "binary" } },
          enrolment: { type: "string", description: "the enrolment JSON (POST /v1/enrol), for the enrolled mode" },
        },
      },
    },
  },
});

const uploadErrors = {
  400: errorResponse(
    "undecodable audio (the decoder's reason), an empty, cut-off (aborted) or malformed body, a bad enrolment",
  ),
  403: errorResponse("a browser request from another origin (see --cors)"),
  408: errorResponse("the body did not arrive within the request timeout"),
  413: errorResponse("the body is over the size limit, or the form has more files than allowed"),
  415: errorResponse("unsupported content type"),
  421: errorResponse("the Host header does not name this server (see --allow-host)"),
  422: errorResponse("the recording is too short or too long"),
  503: errorResponse("busy (Retry-After), timed out, or no model loaded"),
};

/** The OpenAPI document for the configured limits. */
export function openApiDocument(limits: ServerLimits): Record<string, unknown> {
  const s = limits.stream;
  return {
    openapi: "3.1.0",
    info: {
      title: "ser-ts speech emotion recognition",
      version: "2",
      description:
        `Limits: bodies ≤ ${limits.max_body_bytes} bytes, recordings ${limits.min_seconds}–${limits.max_seconds} s, ` +
        `≤ ${limits.max_files_per_request} files per request, ${limits.concurrency} decodes in flight, requests ≤ ` +
        `${limits.request_timeout_ms} ms. The same limits, machine-readable, are in GET /v1/model.`,
    },
    paths: {
      "/v1/predict": {
        post: {
          summary: "Predict the emotion of one or more recordings",
          parameters: [
            { name: "best", in: "query", schema: { type: "boolean" }, description: "the best-epoch checkpoint" },
            {
              name: "mode",
              in: "query",
              schema: { type: "string", enum: ["global", "enrolled", "transductive"] },
              description: "default: enrolled with an enrolment (form field or x-enrolment header), else global",
            },
            { name: "x-enrolment", in: "header", schema: { type: "string" }, description: "the enrolment JSON" },
          ],
          requestBody: audioBody("the audio file, or a form of `file` fields (and an `enrolment` field)"),
          responses: {
            200: {
              description: "A prediction (raw body), or `{ results: [...] }` with a prediction or an error per file",
              content: { "application/json": { schema: prediction } },
            },
            ...uploadErrors,
          },
        },
      },
      "/v1/enrol": {
        post: {
          summary: "Enrol a speaker: about 10 s of their everyday voice becomes an enrolment JSON the client keeps",
          requestBody: audioBody("one or more recordings of the same person"),
          responses: {
            200: { description: "`{ enrolment, voiced_seconds }`; the server stores nothing" },
            ...uploadErrors,
          },
        },
      },
      "/v1/model": {
        get: {
          summary: "Labels and colours, model family, modes, feature configuration, metrics, decoders and limits",
          responses: { 200: { description: "model info" }, 503: errorResponse("not ready") },
        },
      },
      "/healthz": {
        get: {
          summary: "Liveness, and the requests being answered besides this one",
          responses: { 200: { description: '{"status":"ok","requests_in_flight":N}' } },
        },
      },
      "/readyz": {
        get: {
          summary: "Readiness (model loaded)",
          responses: { 200: { description: "ready" }, 503: errorResponse("not ready") },
        },
      },
      "/v1/stream": {
        get: {
          summary: "WebSocket: live audio in, a stable prediction per sliding window out",
          description:
            `Send {"type":"start","sample_rate":16000,"format":"s16le"} (format s16le or f32le; channels 1; sample_rate ` +
            `${s.sample_rate_hz[0]}–${s.sample_rate_hz[1]}; window ${s.window_s[0]}–${
              s.window_s[1]
            } s, default 3; hop ` +
            `${s.hop_s[0]} s–window, default 0.5; an "enrolment" for the enrolled mode; "mode":"transductive" to ` +
            `normalise the stream by its own windows), then binary mono PCM. Each completed window is answered with ` +
            `{"type":"window","start","end","voiced","emotion","confidence","probabilities","raw","mode","gender"}: the ` +
            "shown emotion is smoothed and changes only on evidence (`uncertain` when weak), `raw` is the window's own. " +
            `A window that completes while the previous is being predicted is dropped ({"type":"dropped"}). With ` +
            `"purpose":"enrol", voiced windows are collected until "seconds" (default 10) are in, then ` +
            `{"type":"enrolment"}. {"type":"stop"} is answered by {"type":"drained","windows","dropped"} once every ` +
            `window sent has been answered, then a normal close. The messages are the LiveMessage union of ` +
            `lib/segment/live_messages.ts. At most ${s.max_streams} streams at once (then 503); messages over ` +
            `${s.max_message_bytes} bytes (1009), over ${s.max_messages_per_second}/s, audio faster than ` +
            `${s.max_realtime}× real time, a bad start or ${s.idle_timeout_s} s of silence (1008/1000) close the socket; ` +
            `a stream holds at most ${s.memory_bytes_per_stream} bytes.`,
          responses: {
            101: { description: "switching protocols" },
            403: errorResponse("a browser from another origin"),
            421: errorResponse("a Host header that does not name this server"),
            426: errorResponse("not a WebSocket request"),
            503: errorResponse("too many streams, or no model loaded"),
          },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
          },
        },
      },
    },
  };
}
