// Built by ./ser build-page from lib/page/engine_server.ts: edit the TypeScript, not this file.
// lib/page/engine_server.ts
async function info() {
  const ready = await fetch("readyz");
  if (!ready.ok) {
    const body = await ready.json().catch(() => ({}));
    throw new Error(`the server has no model loaded: ${body.error?.message ?? ready.status}`);
  }
  return await (await fetch("v1/model")).json();
}
async function predictFile(file, enrolment) {
  const form = new FormData();
  form.append("file", file, file.name);
  if (enrolment) form.append("enrolment", JSON.stringify(enrolment));
  const r = await fetch("v1/predict", {
    method: "POST",
    body: form
  });
  const body = await r.json();
  if (!r.ok) return {
    error: body.error ?? {
      code: String(r.status),
      message: r.statusText
    }
  };
  return body.results[0];
}
function live(o) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}${location.pathname.replace(/[^/]*$/, "")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const start = {
    type: "start",
    sample_rate: o.sampleRate,
    format: "s16le",
    purpose: o.purpose
  };
  if (o.enrolment) start.enrolment = o.enrolment;
  ws.onopen = () => ws.send(JSON.stringify(start));
  let closed = false, stopping = false;
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (!stopping || m.type === "drained") o.onMessage(m);
  };
  ws.onerror = () => !closed && (closed = true, o.onClose(1006, "the live stream could not reach the server"));
  ws.onclose = (e) => !closed && (closed = true, o.onClose(e.code, e.reason));
  return {
    push: (pcm) => ws.readyState === WebSocket.OPEN && ws.send(pcm),
    stop() {
      closed = stopping = true;
      try {
        if (ws.readyState !== WebSocket.OPEN) return ws.close(1e3);
        ws.send(JSON.stringify({
          type: "stop"
        }));
        setTimeout(() => ws.readyState !== WebSocket.CLOSED && ws.close(1e3), 2e3);
      } catch {
      }
    }
  };
}
var engine = {
  info,
  predictFile,
  live
};
export {
  engine,
  info,
  live,
  predictFile
};
