/**
 * The HTTP server: a REST API (`POST /v1/predict`, `POST /v1/enrol`, `GET /v1/model`, `/healthz`, `/readyz`,
 * `/openapi.json`), a live WebSocket stream (`/v1/stream`) and a page with microphone capture, enrolment and file
 * upload — on one loopback port by default, same-origin only, bounded in what any client can make it hold.
 *
 * @example
 * import { startServer } from "$lib/serve/mod.ts";
 * const server = await startServer({ artifactsDir: "artifacts", port: 8000 });
 *
 * @module
 */
export * from "./server.ts";
export * from "./limits.ts";
export * from "./stream_start.ts";
export * from "./openapi.ts";
