import { audioDecoders } from "../audio/audio_reader.ts";
import { colorOf, EMOTION_COLORS } from "../charts/palette.ts";
import { ExtractionPool } from "../data/extraction_pool.ts";
import { loadPredictor, type Predictor } from "../pipeline/predictor.ts";
import { corsHeadersFor, errorResponse, HttpError, json } from "./_http.ts";
import { predictRoute, SpeakerMemory } from "./_predict_route.ts";
import { openApiDocument } from "./openapi.ts";
import { staticResponse } from "./static_files.ts";
import { type StreamOptions, streamSession } from "./stream.ts";

/** Options for {@linkcode startServer}; every field has a default. */
export interface ServeOptions {
  /** Artifacts folder. Default `artifacts`. */
  artifactsDir?: string;
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Port; 0 picks a free one. Default 8000. */
  port?: number;
  /** Largest request body, MiB. Default 20. */
  maxBodyMb?: number;
  /** Longest recording accepted, seconds. Default 60. */
  maxSeconds?: number;
  /** Shortest recording accepted, seconds. Default 0.25. */
  minSeconds?: number;
  /** Decodes in flight or waiting; beyond it requests get 503 with `Retry-After`. Default 64. */
  concurrency?: number;
  /** Feature workers. Default one per core. */
  workers?: number;
  /** Allow cross-origin requests from this origin (`*` for any). Default: none (CORS off). */
  cors?: string | null;
  /** Host header names accepted besides the bind address, `localhost`, `127.0.0.1` and `[::1]`. Default none. */
  allowHosts?: string[];
  /** Live streams at once. Default 8. */
  maxStreams?: number;
  /** Whole-request deadline, ms. Default 30000. */
  requestTimeoutMs?: number;
  /** Live-stream limits. */
  stream?: StreamOptions;
  /** Where access and startup lines go. Default `console.error`. */
  log?: (line: string) => void;
}

/** A started server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000/`. */
  url: string;
  port: number;
  /** Resolves when the predictor is loaded (or failed to load: see `/readyz`). */
  ready: Promise<void>;
  /** Stop accepting connections, let in-flight requests finish, then release the workers. */
  shutdown(): Promise<void>;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
}

/**
 * Start the REST API, the live stream and the page, all on one port:
 * `POST /v1/predict`, `GET /v1/model`, `GET /healthz`, `GET /readyz`, `GET /v1/stream` (WebSocket), `GET /` and
 * `/static/*`, `GET /openapi.json`. The predictor is loaded once; uploads are decoded and featurised on a pool of
 * workers. Every failure is a JSON `{ error: { code, message } }` with its status, never a stack trace.
 *
 * @example
 * const server = await startServer({ port: 0, artifactsDir: "artifacts" });
 * await fetch(`${server.url}v1/predict`, { method: "POST", body: await Deno.readFile("clip.wav"), headers: { "content-type": "audio/wav" } });
 * await server.shutdown();
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((l: string) => console.error(l));
  const artifactsDir = options.artifactsDir ?? "artifacts";
  const maxBytes = Math.round((options.maxBodyMb ?? 20) * 1024 * 1024);
  const limits = { minSeconds: options.minSeconds ?? 0.25, maxSeconds: options.maxSeconds ?? 60 };
  const concurrency = options.concurrency ?? 64, timeoutMs = options.requestTimeoutMs ?? 30000;
  const cors = options.cors ?? null;
  const state: {
    predictor: Predictor | null;
    best: Predictor | null;
    pool: ExtractionPool | null;
    error: string | null;
    inFlight: number;
  } = { predictor: null, best: null, pool: null, error: null, inFlight: 0 };
  const speakers = new SpeakerMemory();
  const ready = (async () => {
    try {
      state.predictor = await loadPredictor(artifactsDir);
      state.best = await loadPredictor(artifactsDir, { which: "best" }).catch(() => null);
      state.pool = new ExtractionPool(state.predictor.featureSet.name, { workers: options.workers });
    } catch (e) {
      state.error = (e as Error).message;
      log(`serve: no model loaded — ${state.error}`);
    }
  })();
  const decoders = audioDecoders();

  const corsHeaders = (req: Request) => corsHeadersFor(req, cors);

  const modelInfo = async () => {
    if (!state.predictor) throw new HttpError(503, "not_ready", state.error ?? "the model is still loading");
    const m = state.predictor.metadata;
    return json({
      classes: state.predictor.classes,
      // The charts' colour for each class (fixed for the emotions, name-hashed for custom labels), for the page.
      colors: Object.fromEntries(state.predictor.classes.map((c) => [c, colorOf(EMOTION_COLORS, c)])),
      model_family: state.predictor.family.name,
      origin: m.origin ?? "trained here",
      architecture: m.architecture,
      feature_set: state.predictor.featureSet.name,
      feature_config: m.feature_config,
      modes: state.predictor.modes,
      gender: m.gender_classes ?? null,
      metrics: { test_accuracy: m.test_accuracy, test_loss: m.test_loss, samples: m.samples, split: m.split },
      data_source: m.data_source,
      label_set: m.label_set ?? null,
      best_checkpoint: state.best !== null,
      decoders: await decoders,
      limits: { max_body_bytes: maxBytes, ...limits, concurrency },
    });
  };

  const handle = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    const route = (methods: string[]) => {
      if (!methods.includes(req.method)) {
        throw new HttpError(405, "method_not_allowed", `${req.method} is not allowed on ${path}`, {
          allow: methods.join(", "),
        });
      }
    };
    if (req.method === "OPTIONS" && cors) {
      return new Response(null, {
        status: 204,
        headers: {
          ...corsHeaders(req),
          "access-control-allow-methods": "GET, POST, OPTIONS",
          "access-control-allow-headers": "content-type",
        },
      });
    }
    switch (path) {
      case "/healthz":
        route(["GET", "HEAD"]);
        return json({ status: "ok" });
      case "/readyz":
        route(["GET", "HEAD"]);
        return state.predictor
          ? json({ ready: true, model_family: state.predictor.family.name })
          : json({ error: { code: "not_ready", message: state.error ?? "the model is still loading" } }, 503);
      case "/v1/model":
        route(["GET"]);
        return await modelInfo();
      case "/v1/predict":
        route(["POST"]);
        return await predictRoute(req, url, { state, maxBytes, timeoutMs, limits, concurrency, speakers });
      case "/openapi.json":
        route(["GET"]);
        return json(openApiDocument({ maxBytes, ...limits, concurrency }));
      case "/v1/stream": {
        route(["GET"]);
        if ((req.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
          throw new HttpError(426, "upgrade_required", "GET /v1/stream is a WebSocket endpoint");
        }
        if (!state.predictor || !state.pool) {
          throw new HttpError(503, "not_ready", state.error ?? "the model is still loading");
        }
        const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 60 });
        socket.binaryType = "arraybuffer";
        streamSession(socket, state.predictor, state.pool, options.stream, log);
        return response;
      }
    }
    const file = staticResponse(req, path);
    if (file) {
      route(["GET", "HEAD"]);
      return file;
    }
    throw new HttpError(404, "not_found", `no such endpoint: ${req.method} ${path}`);
  };

  const controller = new AbortController();
  let resolveAddr!: (a: Deno.NetAddr) => void;
  const addr = new Promise<Deno.NetAddr>((r) => (resolveAddr = r));
  const server = Deno.serve({
    hostname: options.host ?? "127.0.0.1",
    port: options.port ?? 8000,
    signal: controller.signal,
    onListen: (a) => resolveAddr(a as Deno.NetAddr),
    onError: (e) => errorResponse(e),
  }, async (req) => {
    const t0 = performance.now();
    let res: Response;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      res = await Promise.race([
        handle(req),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new HttpError(503, "timeout", `the request took longer than ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (e) {
      if (!(e instanceof HttpError)) {
        log(`serve: internal error on ${req.method} ${new URL(req.url).pathname}: ${(e as Error).message}`);
      }
      res = errorResponse(e);
    } finally {
      clearTimeout(timer);
    }
    for (const [k, v] of Object.entries(corsHeaders(req))) if (res.status !== 101) res.headers.set(k, v);
    log(`${req.method} ${new URL(req.url).pathname} ${res.status} ${(performance.now() - t0).toFixed(1)}ms`);
    return res;
  });
  const a = await addr;
  const host = a.hostname.includes(":") ? `[${a.hostname}]` : a.hostname;
  const url = `http://${host}:${a.port}/`;
  log(`serve: listening on ${url} (artifacts ${artifactsDir}/; loopback only unless --host says otherwise)`);
  return {
    url,
    port: a.port,
    ready,
    async shutdown() {
      await server.shutdown();
      await ready;
      state.pool?.close();
    },
    finished: server.finished,
  };
}
