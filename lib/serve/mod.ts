/**
 * The HTTP server: a REST API (`POST /v1/predict`, `GET /v1/model`, `/healthz`, `/readyz`, `/openapi.json`), a live
 * WebSocket stream (`/v1/stream`) and a page with microphone capture and file upload, on one loopback port by default.
 *
 * @example
 * import { startServer } from "$lib/serve/mod.ts";
 * const server = await startServer({ artifactsDir: "artifacts", port: 8000 });
 *
 * @module
 */
export * from "./server.ts";
export * from "./stream.ts";
export * from "./openapi.ts";
