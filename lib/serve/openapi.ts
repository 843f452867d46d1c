/** The OpenAPI 3.1 description of the server, with its configured limits, served at `/openapi.json`. */
export function openApiDocument(l: { maxBytes: number; minSeconds: number; maxSeconds: number; concurrency: number }) {
  const error = { $ref: "#/components/schemas/Error" };
  const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: error } } });
  const prediction = {
    type: "object",
    required: ["emotion", "confidence", "probabilities", "normalization", "duration_s", "timing_ms"],
    properties: {
      emotion: { type: "string" },
      confidence: { type: "number" },
      probabilities: { type: "object", additionalProperties: { type: "number" } },
      gender: { type: "object", properties: { label: { type: "string" }, confidence: { type: "number" } } },
      normalization: {
        type: "string",
        enum: ["speaker", "global"],
        description:
          "speaker: standardised by the speaker group's clips; global: the training scaler (and fallback model)",
      },
      speakerGroup: { type: "string" },
      note: { type: "string" },
      truncated: { type: "string", description: "set when the recording is longer than the model reads" },
      duration_s: { type: "number" },
      timing_ms: {
        type: "object",
        properties: { decode_features: { type: "number" }, model: { type: "number" }, total: { type: "number" } },
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "ser-ts speech emotion recognition",
      version: "1",
      description: "Emotions (and gender) of recordings: the same predictions as `deno task predict` for the same " +
        `file and artifacts. Uploads up to ${l.maxBytes} bytes and ${l.minSeconds}–${l.maxSeconds} s; ${l.concurrency} ` +
        "decodes in flight at most (more get 503 with Retry-After). Any container librosa reads (WAV, FLAC, Ogg, MP3, " +
        "AIFF, CAF, W64, M4A, WebM, …).",
    },
    paths: {
      "/v1/predict": {
        post: {
          summary: "Predict the emotion of one recording (raw body) or several (multipart `file` fields)",
          parameters: [
            { name: "best", in: "query", schema: { type: "boolean" }, description: "use the best-epoch checkpoint" },
            {
              name: "speaker",
              in: "query",
              schema: { type: "string", pattern: "^[\\w.@:-]{1,64}$" },
              description: "speaker group for speaker-normalised models: clips sent with the same id are normalised " +
                "together once there are at least two (the server remembers the last 50 per speaker)",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "audio/*": { schema: { type: "string", format: "binary" } },
              "application/octet-stream": { schema: { type: "string", format: "binary" } },
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: { file: { type: "array", items: { type: "string", format: "binary" } } },
                },
              },
            },
          },
          responses: {
            200: {
              description: "A prediction (raw body), or `{ results: [...] }` with a prediction or an error per file",
              content: { "application/json": { schema: prediction } },
            },
            400: errorResponse("undecodable audio (the decoder's reason), an empty body, or a bad multipart body"),
            408: errorResponse("the body did not arrive in time"),
            413: errorResponse("the body is over the size limit"),
            415: errorResponse("unsupported content type"),
            422: errorResponse("the recording is too short or too long"),
            503: errorResponse("busy (Retry-After), timed out, or no model loaded"),
          },
        },
      },
      "/v1/model": {
        get: {
          summary: "Labels, feature configuration, model family and metrics",
          responses: { 200: { description: "model info" } },
        },
      },
      "/healthz": { get: { summary: "Liveness", responses: { 200: { description: "alive" } } } },
      "/readyz": {
        get: {
          summary: "Readiness (model loaded)",
          responses: { 200: { description: "ready" }, 503: errorResponse("not ready") },
        },
      },
      "/v1/stream": {
        get: {
          summary: "WebSocket: live audio in, a prediction per sliding window out",
          description:
            'Send {"type":"start","sampleRate":16000,"format":"s16le"} (or "f32le"; optional window, hop in ' +
            "seconds), then binary mono PCM. Each completed window (3 s every 0.5 s) is answered with " +
            '{"type":"window","start","end","voiced","emotion","confidence","probabilities","normalization"}; a window ' +
            'that completes while the previous is being predicted is dropped ({"type":"dropped"}). Messages over 256 KiB ' +
            "(1009), over 50/s or audio faster than 4× real time (1008) close the socket.",
          responses: { 101: { description: "switching protocols" }, 426: errorResponse("not a WebSocket request") },
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
