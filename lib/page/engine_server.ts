/// <reference lib="dom" />
/**
 * The page's engine when a server is behind it (bundled to `lib/serve/static/engine_server.js`): model info and
 * predictions over HTTP, live windows over the WebSocket stream. The on-device site supplies `engine_local.js` with
 * the same `Engine` interface.
 *
 * @module
 */
import type { LiveMessage } from "../segment/live_messages.ts";
import type { Engine, FileResult, LiveOptions, LiveSession, ModelInfo } from "./engine.ts";

/** Model info from `GET /v1/model`, once `/readyz` says a model is loaded. */
export async function info(): Promise<ModelInfo> {
  const ready = await fetch("readyz");
  if (!ready.ok) {
    const body = await ready.json().catch(() => ({}));
    throw new Error(`the server has no model loaded: ${body.error?.message ?? ready.status}`);
  }
  return await (await fetch("v1/model")).json();
}

/** One file's prediction (or its error), sent as a browser form. */
export async function predictFile(file: File, enrolment: unknown | null): Promise<FileResult> {
  const form = new FormData();
  form.append("file", file, file.name);
  if (enrolment) form.append("enrolment", JSON.stringify(enrolment));
  const r = await fetch("v1/predict", { method: "POST", body: form });
  const body = await r.json();
  if (!r.ok) return { error: body.error ?? { code: String(r.status), message: r.statusText } };
  return body.results[0];
}

/** A live session over `/v1/stream`: `stop()` asks for `drained`, then the server closes. */
export function live(o: LiveOptions): LiveSession {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}${location.pathname.replace(/[^/]*$/, "")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const start: Record<string, unknown> = {
    type: "start",
    sample_rate: o.sampleRate,
    format: "s16le",
    purpose: o.purpose,
  };
  if (o.enrolment) start.enrolment = o.enrolment;
  ws.onopen = () => ws.send(JSON.stringify(start));
  let closed = false, stopping = false;
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data) as LiveMessage;
    // After stop, only the drained answer is passed on: the page has already left the live view.
    if (!stopping || m.type === "drained") o.onMessage(m);
  };
  ws.onerror = () => !closed && (closed = true, o.onClose(1006, "the live stream could not reach the server"));
  ws.onclose = (e) => !closed && (closed = true, o.onClose(e.code, e.reason));
  return {
    push: (pcm) => ws.readyState === WebSocket.OPEN && ws.send(pcm),
    stop() {
      closed = stopping = true;
      try {
        if (ws.readyState !== WebSocket.OPEN) return ws.close(1000);
        ws.send(JSON.stringify({ type: "stop" }));
        // The server closes after drained; a server that does not answer is closed on after 2 s.
        setTimeout(() => ws.readyState !== WebSocket.CLOSED && ws.close(1000), 2000);
      } catch { /* closing */ }
    },
  };
}

/** This module is an `Engine`: the page imports it as one. */
export const engine: Engine = { info, predictFile, live };
