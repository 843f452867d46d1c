// The page's client: live microphone streaming over the WebSocket, and file uploads to POST /v1/predict.
const $ = (id) => document.getElementById(id);
let classes = [];
// Class colours come from GET /v1/model: the same as in every chart of the project.
let colors = {};
const color = (c) => colors[c] ?? "#888888";
const pct = (p) => `${(100 * p).toFixed(0)} %`;

function show(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

async function checkServer() {
  try {
    const r = await fetch("/readyz");
    const body = await r.json();
    if (!r.ok) {
      show(
        $("status"),
        `The server has no model loaded: ${
          body.error?.message ?? r.status
        }. Train one (deno task train) and restart the server.`,
      );
      $("status").className = "error";
      return false;
    }
    const info = await (await fetch("/v1/model")).json();
    classes = info.classes;
    colors = info.colors ?? {};
    $("status").className = "muted";
    show(
      $("status"),
      `Model ready: ${info.model_family} (${classes.length} classes${info.gender ? ", with gender" : ""}).`,
    );
    $("legend").replaceChildren(...classes.map((c) => {
      const li = document.createElement("li");
      li.textContent = c;
      li.style.setProperty("--swatch", color(c));
      return li;
    }));
    return true;
  } catch {
    show($("status"), "The server is unreachable. Is `deno task serve` running?");
    $("status").className = "error";
    return false;
  }
}

// ---- live timeline ----------------------------------------------------------------------------------------------
const windows = [];
const SPAN = 60;
function drawTimeline() {
  const svg = $("timeline"), W = 800, H = 220, now = windows.length ? windows[windows.length - 1].end : SPAN;
  const t0 = Math.max(0, now - SPAN), x = (t) => ((t - t0) / SPAN) * W;
  const parts = [];
  for (const w of windows) {
    if (w.end < t0) continue;
    const x0 = x(Math.max(t0, w.end - 0.5)), width = Math.max(1, x(w.end) - x0);
    if (!w.voiced || !w.probabilities) {
      parts.push(
        `<rect x="${x0}" y="0" width="${width}" height="${H}" fill="#e6e8eb"><title>${w.start.toFixed(1)}–${
          w.end.toFixed(1)
        } s: silence</title></rect>`,
      );
      continue;
    }
    let y = H;
    for (const c of classes) {
      const h = (w.probabilities[c] ?? 0) * H;
      y -= h;
      parts.push(
        `<rect x="${x0}" y="${y}" width="${width}" height="${h}" fill="${color(c)}"><title>${c} ${
          pct(w.probabilities[c] ?? 0)
        }</title></rect>`,
      );
    }
  }
  svg.innerHTML = parts.join("");
}

// ---- microphone ---------------------------------------------------------------------------------------------------
let session = null;
async function startMic() {
  show($("mic-error"), "");
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false },
    });
  } catch (e) {
    const denied = e && (e.name === "NotAllowedError" || e.name === "SecurityError");
    show(
      $("mic-error"),
      denied
        ? "Microphone permission was denied. Allow the microphone for this page in the browser's site settings, then try again."
        : `The microphone could not be opened (${e?.name ?? "error"}: ${e?.message ?? e}).`,
    );
    return;
  }
  let ctx;
  try {
    ctx = new AudioContext({ sampleRate: 16000 });
  } catch {
    ctx = new AudioContext();
  }
  await ctx.audioWorklet.addModule("/static/capture-worklet.js");
  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, "capture-processor");
  source.connect(node);
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/stream`);
  ws.binaryType = "arraybuffer";
  session = { stream, ctx, node, ws };
  ws.onopen = () => ws.send(JSON.stringify({ type: "start", sampleRate: ctx.sampleRate, format: "s16le" }));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === "window") {
      windows.push(m);
      while (windows.length > 400) windows.shift();
      if (m.voiced && m.emotion) {
        $("current").textContent = m.emotion;
        $("current").style.color = color(m.emotion);
        $("current-detail").textContent = `${pct(m.confidence)}${m.gender ? ` · ${m.gender.label}` : ""} · ${
          m.start.toFixed(1)
        }–${m.end.toFixed(1)} s${m.normalization === "speaker" ? " · speaker-normalised" : ""}`;
      } else if (!m.voiced) {
        $("current").textContent = "silence";
        $("current").style.color = "";
        $("current-detail").textContent = "";
      }
      drawTimeline();
    } else if (m.type === "error") {
      show($("mic-error"), `The server stopped the stream: ${m.error.message}`);
    }
  };
  ws.onerror = () => show($("mic-error"), "The live stream could not connect to the server.");
  ws.onclose = (e) => {
    if (session?.ws === ws && e.code !== 1000) {
      show($("mic-error"), `The live stream closed (${e.code}${e.reason ? `: ${e.reason}` : ""}).`);
    }
  };
  node.port.onmessage = (e) => {
    const level = Math.min(100, Math.round(e.data.rms * 300));
    $("level").style.width = `${level}%`;
    $("level").parentElement.setAttribute("aria-valuenow", String(level));
    $("level-text").textContent = `level ${level}`;
    if (ws.readyState === WebSocket.OPEN) ws.send(e.data.pcm);
  };
  $("mic").textContent = "Stop microphone";
  $("mic").setAttribute("aria-pressed", "true");
}
function stopMic() {
  if (!session) return;
  const s = session;
  session = null;
  try {
    s.ws.readyState === WebSocket.OPEN && s.ws.send(JSON.stringify({ type: "stop" }));
    s.ws.close(1000);
  } catch { /* closing */ }
  s.stream.getTracks().forEach((t) => t.stop());
  s.ctx.close();
  $("mic").textContent = "Start microphone";
  $("mic").setAttribute("aria-pressed", "false");
}
$("mic").addEventListener("click", () => (session ? stopMic() : startMic()));

// ---- files --------------------------------------------------------------------------------------------------------
function resultItem(name, r) {
  const li = document.createElement("li");
  const title = document.createElement("p");
  if (r.error) {
    title.innerHTML = "";
    title.append(`${name}: `);
    const err = document.createElement("span");
    err.className = "error";
    err.textContent = `error (${r.error.code}): ${r.error.message}`;
    title.append(err);
    li.append(title);
    return li;
  }
  title.textContent = `${name}: ${r.emotion} (${pct(r.confidence)})${r.gender ? ` · ${r.gender.label}` : ""} · ${
    r.duration_s.toFixed(1)
  } s${r.truncated ? ` · ${r.truncated}` : ""}`;
  li.append(title);
  const sorted = Object.entries(r.probabilities).sort((a, b) => b[1] - a[1]);
  for (const [c, p] of sorted) {
    const row = document.createElement("div");
    row.className = `bar${c === r.emotion ? " top" : ""}`;
    row.style.setProperty("--swatch", color(c));
    row.setAttribute("role", "img");
    row.setAttribute("aria-label", `${c} ${pct(p)}`);
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = c;
    const track = document.createElement("span");
    const fill = document.createElement("span");
    fill.className = "fill";
    fill.style.display = "block";
    fill.style.width = `${Math.max(0.5, 100 * p)}%`;
    track.append(fill);
    const value = document.createElement("span");
    value.textContent = pct(p);
    row.append(label, track, value);
    li.append(row);
  }
  return li;
}
async function predictFiles(files) {
  show($("file-error"), "");
  for (const f of files) {
    const li = document.createElement("li");
    li.textContent = `${f.name}: predicting…`;
    $("results").prepend(li);
    try {
      const r = await fetch("/v1/predict", {
        method: "POST",
        body: f,
        headers: { "content-type": f.type || "application/octet-stream" },
      });
      const body = await r.json();
      li.replaceWith(
        resultItem(f.name, r.ok ? body : { error: body.error ?? { code: String(r.status), message: r.statusText } }),
      );
    } catch {
      li.remove();
      show($("file-error"), "The server is unreachable: the file could not be sent.");
    }
  }
}
$("files").addEventListener("change", (e) => predictFiles([...e.target.files]));
const drop = $("drop");
drop.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    $("files").click();
  }
});
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  predictFiles([...e.dataTransfer.files]);
});

checkServer();
drawTimeline();
