/**
 * The HTTP server: routes, access policy, limits, and graceful shutdown, composed from the serve room's modules.
 *
 * @module
 */
import { enrolRoute } from "./enrol_route.ts";
import { errorResponse, HttpError, json } from "./_http.ts";
import { type AccessPolicy, accessPolicy, checkAccess, corsHeaders } from "./guards.ts";
import { type ServerLimits, serverLimits } from "./limits.ts";
import { ModelState } from "./model_state.ts";
import { openApiDocument } from "./openapi.ts";
import { predictRoute } from "./predict_route.ts";
import { staticResponse } from "./static_files.ts";
import { StreamSession } from "./stream_session.ts";

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
  /** Files in one multipart request. Default 16. */
  maxFiles?: number;
  /** Decodes in flight or waiting; beyond it requests get 503 with `Retry-After`. Default 64. */
  concurrency?: number;
  /** Feature workers. Default one per core. */
  workers?: number;
  /** Allow browser requests from this other origin (`*` for any). Default: none (same-origin only). */
  cors?: string | null;
  /** Host header names accepted besides the bind address, `localhost`, `127.0.0.1` and `[::1]`. Default none. */
  allowHosts?: string[];
  /** Live streams at once. Default 8. */
  maxStreams?: number;
  /** Whole-request deadline, ms. Default 30000. */
  requestTimeoutMs?: number;
  /** Where access and startup lines go. Default `console.error`. */
  log?: (line: string) => void;
}

/** A started server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000/`. */
  url: string;
  port: number;
  /** The limits it enforces (as `/v1/model` publishes them). */
  limits: ServerLimits;
  /** Resolves when the predictor is loaded (or failed to load: see `/readyz`). */
  ready: Promise<void>;
  /** Stop accepting connections, let in-flight requests finish, then release the workers. */
  shutdown(): Promise<void>;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
}

/** What the routes share. */
interface Server {
  state: ModelState;
  limits: ServerLimits;
  policy: AccessPolicy;
  log: (line: string) => void;
  /** Requests being answered, and whether the server is draining them before it stops. */
  inFlight: number;
  draining: boolean;
  sessions: Set<StreamSession>;
}

/** Refuse a method the path does not take. */
function allow(req: Request, path: string, methods: string[]): void {
  if (!methods.includes(req.method)) {
    throw new HttpError(405, "method_not_allowed", `${req.method} is not allowed on ${path}`, {
      allow: methods.join(", "),
    });
  }
}

/** `GET /v1/stream`: the WebSocket upgrade, within the stream limit. */
function upgrade(req: Request, s: Server): Response {
  if ((req.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "GET /v1/stream is a WebSocket endpoint");
  }
  const ready = s.state.require();
  if (s.state.streams >= s.limits.stream.max_streams) {
    throw new HttpError(
      503,
      "too_many_streams",
      `${s.limits.stream.max_streams} live streams are open: try again later`,
      {
        "retry-after": "5",
      },
    );
  }
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: s.limits.stream.idle_timeout_s });
  s.state.streams++;
  const session: StreamSession = new StreamSession(socket, {
    predictor: ready.predictor,
    pool: ready.pool,
    limits: s.limits.stream,
    log: s.log,
    onClose: () => (s.state.streams--, s.sessions.delete(session)),
  });
  s.sessions.add(session);
  return response;
}

/** Route one request (after the access checks). */
async function route(req: Request, s: Server): Promise<Response> {
  const url = new URL(req.url), path = url.pathname;
  switch (path) {
    case "/healthz":
      allow(req, path, ["GET", "HEAD"]);
      // Requests being answered besides this one: what a graceful stop waits for.
      return json({ status: "ok", requests_in_flight: s.inFlight - 1 });
    case "/readyz": {
      allow(req, path, ["GET", "HEAD"]);
      const r = s.state.readiness();
      return json(r.body, r.status);
    }
    case "/v1/model":
      allow(req, path, ["GET"]);
      return json(await s.state.info(s.limits));
    case "/v1/predict":
      allow(req, path, ["POST"]);
      return await predictRoute(req, url, s.state, s.limits);
    case "/v1/enrol":
      allow(req, path, ["POST"]);
      return await enrolRoute(req, s.state, s.limits);
    case "/openapi.json":
      allow(req, path, ["GET"]);
      return json(openApiDocument(s.limits));
    case "/v1/stream":
      allow(req, path, ["GET"]);
      return upgrade(req, s);
  }
  const file = staticResponse(req, path);
  if (!file) throw new HttpError(404, "not_found", `no such endpoint: ${req.method} ${path}`);
  allow(req, path, ["GET", "HEAD"]);
  return file;
}

/** One request, end to end: access policy, CORS preflight, the route within the deadline, error mapping, log line. */
async function handle(req: Request, s: Server): Promise<Response> {
  const t0 = performance.now(), path = new URL(req.url).pathname;
  let res: Response, timer: ReturnType<typeof setTimeout> | undefined;
  s.inFlight++;
  try {
    checkAccess(req, s.policy);
    if (s.draining) throw new HttpError(503, "shutting_down", "the server is stopping", { connection: "close" });
    if (req.method === "OPTIONS" && s.policy.cors) {
      res = new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-methods": "GET, POST, OPTIONS",
          "access-control-allow-headers": "content-type, x-enrolment",
        },
      });
    } else {
      res = await Promise.race([
        route(req, s),
        new Promise<never>((_, reject) => {
          // The body must arrive within the request timeout (408); the answer within twice it.
          const ms = 2 * s.limits.request_timeout_ms;
          timer = setTimeout(() => reject(new HttpError(503, "timeout", `the request took longer than ${ms} ms`)), ms);
        }),
      ]);
    }
  } catch (e) {
    if (e instanceof HttpError && e.code === "aborted") {
      s.log(`serve: client aborted ${req.method} ${path}: ${e.message}`);
    } else if (!(e instanceof HttpError)) {
      s.log(`serve: internal error on ${req.method} ${path}: ${(e as Error).message}`);
    }
    res = errorResponse(e);
  } finally {
    clearTimeout(timer);
    s.inFlight--;
  }
  if (res.status !== 101) { for (const [k, v] of Object.entries(corsHeaders(req, s.policy))) res.headers.set(k, v); }
  s.log(`${req.method} ${path} ${res.status} ${(performance.now() - t0).toFixed(1)}ms`);
  return res;
}

/**
 * Start the REST API, the live stream and the page, all on one port: `POST /v1/predict`, `POST /v1/enrol`,
 * `GET /v1/model`, `GET /healthz`, `GET /readyz`, `GET /v1/stream` (WebSocket), `GET /` and `/static/*`,
 * `GET /openapi.json`. The predictor is loaded once; uploads are decoded and featurised on a pool of workers. Only
 * requests whose Host names the server, from its own origin (or one `cors` allows), are answered; every failure is a
 * JSON `{ error: { code, message } }` with its status, never a stack trace or a server path.
 *
 * @example
 * const server = await startServer({ port: 0, artifactsDir: "artifacts" });
 * await fetch(`${server.url}v1/predict`, { method: "POST", body: await Deno.readFile("clip.wav"), headers: { "content-type": "audio/wav" } });
 * await server.shutdown();
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((l: string) => console.error(l));
  const artifactsDir = options.artifactsDir ?? "artifacts", host = options.host ?? "127.0.0.1";
  const state = new ModelState(artifactsDir, options.workers, log);
  const limits = serverLimits({ ...options, maxFiles: Math.min(options.maxFiles ?? 16, options.concurrency ?? 64) });
  const policy = accessPolicy(host, { allowHosts: options.allowHosts, cors: options.cors });
  const s: Server = { state, limits, log, policy, inFlight: 0, draining: false, sessions: new Set() };
  const controller = new AbortController();
  let resolveAddr!: (a: Deno.NetAddr) => void;
  const addr = new Promise<Deno.NetAddr>((r) => (resolveAddr = r));
  const server = Deno.serve({
    hostname: host,
    port: options.port ?? 8000,
    signal: controller.signal,
    onListen: (a) => resolveAddr(a as Deno.NetAddr),
    onError: (e) => errorResponse(e),
  }, (req) => handle(req, s));
  const a = await addr;
  const shown = a.hostname.includes(":") ? `[${a.hostname}]` : a.hostname;
  const url = `http://${shown}:${a.port}/`;
  log(`serve: listening on ${url} (artifacts ${artifactsDir}/; loopback only unless --host says otherwise)`);
  return {
    url,
    port: a.port,
    limits,
    ready: state.loaded,
    async shutdown() {
      // Drain: new requests get 503, streams are told to go away, requests already in (bodies still arriving
      // included) finish — then the listener stops.
      s.draining = true;
      for (const session of s.sessions) session.goAway();
      const deadline = performance.now() + 2 * limits.request_timeout_ms;
      while (s.inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await server.shutdown();
      await state.loaded;
      state.close();
    },
    finished: server.finished,
  };
}
