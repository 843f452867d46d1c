// The page's engine when a server is behind it: model info and predictions over HTTP, live windows over the WebSocket.
// (The on-device site supplies engine_local.js with the same interface, running everything in the browser.)

/** Model info: classes, their colours, modes, gender, and a synthetic warning. */
export async function info() {
  const ready = await fetch("readyz");
  if (!ready.ok) {
    const body = await ready.json().catch(() => ({}));
    throw new Error(`the server has no model loaded: ${body.error?.message ?? ready.status}`);
  }
  return await (await fetch("v1/model")).json();
}

/** One file's prediction (or `{ error: { code, message } }`), sent as a browser form. */
export async function predictFile(file, enrolment) {
  const form = new FormData();
  form.append("file", file, file.name);
  if (enrolment) form.append("enrolment", JSON.stringify(enrolment));
  const r = await fetch("v1/predict", { method: "POST", body: form });
  const body = await r.json();
  if (!r.ok) return { error: body.error ?? { code: String(r.status), message: r.statusText } };
  return body.results[0];
}

/**
 * A live session: `push(pcm)` 16-bit mono PCM at `sampleRate`; `onMessage` gets the server's ready, window, dropped,
 * enrol_progress, enrolment and error messages; `onClose(code, reason)` once.
 */
export function live({ sampleRate, purpose, enrolment, onMessage, onClose }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}${location.pathname.replace(/[^/]*$/, "")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const start = { type: "start", sample_rate: sampleRate, format: "s16le", purpose };
  if (enrolment) start.enrolment = enrolment;
  ws.onopen = () => ws.send(JSON.stringify(start));
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  let closed = false;
  ws.onerror = () => !closed && (closed = true, onClose(1006, "the live stream could not reach the server"));
  ws.onclose = (e) => !closed && (closed = true, onClose(e.code, e.reason));
  return {
    push: (pcm) => ws.readyState === WebSocket.OPEN && ws.send(pcm),
    stop() {
      closed = true;
      try {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "stop" }));
        ws.close(1000);
      } catch { /* closing */ }
    },
  };
}
