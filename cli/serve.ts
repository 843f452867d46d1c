/**
 * `./ser serve`: the REST API, the live stream and the page on one port. Binds to loopback unless `--host` says
 * otherwise, answers only same-origin browsers and its own Host names unless `--cors`/`--allow-host` say otherwise,
 * and stops gracefully on SIGINT/SIGTERM (in-flight requests finish, then exit 0). Access lines (method, path, status,
 * ms) go to stderr. Options: `./ser help serve`.
 *
 * @module
 */
import { startServer } from "$lib/serve/mod.ts";
import { intFlag, numFlag, parseTask, str } from "./task_args.ts";

const p = parseTask("serve");
const server = await startServer({
  artifactsDir: str(p, "artifacts"),
  host: str(p, "host"),
  port: intFlag(p, "port", 0),
  maxBodyMb: numFlag(p, "max-body-mb", 0.001),
  maxSeconds: numFlag(p, "max-seconds", 0.5),
  concurrency: intFlag(p, "concurrency", 1),
  workers: intFlag(p, "workers", 1),
  cors: str(p, "cors") ?? str(p, "allow-origin") ?? null,
  allowHosts: str(p, "allow-host")?.split(",").map((h) => h.trim()).filter(Boolean),
  maxStreams: intFlag(p, "max-streams", 1),
  requestTimeoutMs: intFlag(p, "request-timeout-ms", 100),
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
