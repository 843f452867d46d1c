/**
 * `deno task serve [--artifacts DIR] [--host 127.0.0.1] [--port 8000] [--max-body-mb 20] [--max-seconds 60]
 *  [--concurrency N] [--workers N] [--cors ORIGIN]`
 *
 * Serve the REST API, the live stream and the page. Binds to loopback unless `--host` says otherwise; stops
 * gracefully on SIGINT/SIGTERM (in-flight requests finish, then exit 0). Access lines (method, path, status, ms) go to
 * stderr.
 *
 * @module
 */
import { startServer } from "$lib/serve/mod.ts";
import { intFlag, parseFlags, usageError } from "./_args.ts";

const USAGE =
  "usage: deno task serve [--artifacts DIR] [--host 127.0.0.1] [--port 8000] [--max-body-mb 20] [--max-seconds 60]\n" +
  "       [--concurrency N] [--workers N] [--cors ORIGIN] [--request-timeout-ms 30000]";
const { values } = parseFlags({
  options: {
    artifacts: { type: "string", default: "artifacts" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "8000" },
    "max-body-mb": { type: "string", default: "20" },
    "max-seconds": { type: "string", default: "60" },
    concurrency: { type: "string", default: "64" },
    workers: { type: "string" },
    cors: { type: "string" },
    "request-timeout-ms": { type: "string", default: "30000" },
    help: { type: "boolean", short: "h" },
  },
}, USAGE);
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const positive = (name: string, v: string) => {
  const n = Number(v);
  if (!(n > 0)) usageError(`--${name} must be a positive number: received ${v}`, USAGE);
  return n;
};
const server = await startServer({
  artifactsDir: values.artifacts,
  host: values.host,
  port: intFlag("port", values.port, 0, USAGE),
  maxBodyMb: positive("max-body-mb", values["max-body-mb"]),
  maxSeconds: positive("max-seconds", values["max-seconds"]),
  concurrency: intFlag("concurrency", values.concurrency, 1, USAGE),
  workers: intFlag("workers", values.workers, 1, USAGE),
  cors: values.cors ?? null,
  requestTimeoutMs: intFlag("request-timeout-ms", values["request-timeout-ms"], 100, USAGE),
});
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`serve: ${signal}: finishing in-flight requests, then exiting`);
  await server.shutdown();
  console.error("serve: stopped");
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
await server.ready;
console.error(`serve: open ${server.url} in a browser, or POST audio to ${server.url}v1/predict`);
await server.finished;
