// Built by ./ser build-page from lib/page/app.ts: edit the TypeScript, not this file.
// lib/page/live_state.ts
var MAX_WINDOWS = 400;
function initialLiveState() {
  return {
    hop: 0.5,
    windows: [],
    latencies: [],
    dropped: 0,
    current: null,
    enrol: null,
    enrolment: null,
    error: null,
    drained: null
  };
}
function reduceLive(s, m) {
  switch (m.type) {
    case "ready":
      return {
        ...s,
        hop: m.hop
      };
    case "dropped":
      return {
        ...s,
        dropped: s.dropped + 1
      };
    case "window": {
      const latencies = typeof m.latency_ms === "number" ? [
        ...s.latencies,
        m.latency_ms
      ].slice(-1e3) : s.latencies;
      const windows = [
        ...s.windows,
        {
          ...m,
          hop: s.hop
        }
      ].slice(-MAX_WINDOWS);
      return {
        ...s,
        windows,
        latencies,
        current: m
      };
    }
    case "enrol_progress": {
      const target = m.target_seconds ?? 10;
      return {
        ...s,
        enrol: {
          percent: Math.min(100, 100 * m.voiced_seconds / target),
          seconds: m.voiced_seconds,
          target
        }
      };
    }
    case "enrolment":
      return {
        ...s,
        enrolment: {
          json: m.enrolment,
          seconds: m.voiced_seconds
        }
      };
    case "drained":
      return {
        ...s,
        drained: {
          windows: m.windows,
          dropped: m.dropped
        }
      };
    case "error":
      return {
        ...s,
        error: m.error.message
      };
  }
}
function latencySummary(s) {
  if (!s.latencies.length) return null;
  const sorted = [
    ...s.latencies
  ].sort((a, b) => a - b);
  return {
    medianMs: sorted[Math.floor(sorted.length / 2)],
    windows: sorted.length,
    dropped: s.dropped
  };
}

// lib/page/window_view.ts
function percent(p) {
  return `${(100 * p).toFixed(0)} %`;
}
function windowView(m, classes2) {
  if (!m.voiced) return {
    label: "silence",
    badge: "",
    detail: "",
    coloured: false
  };
  const gender = m.gender && m.gender.label !== "uncertain" ? ` \xB7 ${m.gender.label}` : "";
  const strength = m.emotion === "uncertain" ? "no emotion clear yet" : percent(m.confidence ?? 0);
  return {
    label: m.emotion,
    badge: m.mode ?? "",
    detail: `${strength}${gender} \xB7 ${m.start.toFixed(1)}\u2013${m.end.toFixed(1)} s`,
    coloured: classes2.includes(m.emotion)
  };
}
function statsLine(s) {
  if (!s) return "";
  return `each window analysed in ${s.medianMs} ms (median of ${s.windows})${s.dropped ? `; ${s.dropped} dropped while busy` : ""}`;
}

// lib/page/timeline_svg.ts
var TIMELINE = {
  span: 60,
  width: 800,
  height: 250,
  plot: 220
};
var SILENCE_PATTERN = '<defs><pattern id="silence" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c8ccd1" stroke-width="2"/></pattern></defs>';
function timelineX(t, t0) {
  return (t - t0) / TIMELINE.span * TIMELINE.width;
}
function timelineStart(windows) {
  const now = windows.length ? windows[windows.length - 1].end : TIMELINE.span;
  return Math.max(0, now - TIMELINE.span);
}
function esc(s) {
  return s.replace(/[&<>"]/g, (c) => ({
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;"
  })[c]);
}
function timelineSvg(windows, classes2, colorOf) {
  const { span, width: W, height: H, plot: PLOT } = TIMELINE;
  const t0 = timelineStart(windows), x = (t) => timelineX(t, t0);
  const parts = [
    SILENCE_PATTERN
  ];
  for (const w of windows) {
    if (w.end < t0) continue;
    const x0 = x(Math.max(t0, w.end - (w.hop ?? 0.5))), wide = Math.max(1, x(w.end) - x0);
    const range = `${w.start.toFixed(1)}\u2013${w.end.toFixed(1)} s`;
    if (!w.voiced || !w.probabilities) {
      parts.push(`<rect x="${x0}" y="0" width="${wide}" height="${PLOT}" fill="url(#silence)"><title>${range}: silence</title></rect>`);
      continue;
    }
    let y = PLOT;
    for (const c of classes2) {
      const p = w.probabilities[c] ?? 0, h = p * PLOT;
      y -= h;
      parts.push(`<rect x="${x0}" y="${y}" width="${wide}" height="${h}" fill="${esc(colorOf(c))}"><title>${range}: ${esc(c)} ${percent(p)}</title></rect>`);
    }
  }
  parts.push(`<line x1="0" y1="${PLOT}" x2="${W}" y2="${PLOT}" stroke="#59636e"/>`);
  for (let t = Math.ceil(t0 / 5) * 5; t <= t0 + span; t += 5) {
    const tx = x(t);
    parts.push(`<line x1="${tx}" y1="${PLOT}" x2="${tx}" y2="${PLOT + (t % 10 ? 4 : 8)}" stroke="#59636e"/>`);
    if (t % 10 === 0) {
      parts.push(`<text x="${tx}" y="${H - 6}" font-size="12" text-anchor="middle" fill="#59636e">${t} s</text>`);
    }
  }
  return parts.join("");
}

// lib/page/app.ts
var $ = (id) => document.getElementById(id);
var engineFile = document.body.dataset.engine === "local" ? "./engine_local.js" : "./engine_server.js";
var engine = await import(new URL(engineFile, import.meta.url).href);
var classes = [];
var colors = {};
var enrolment = null;
var live = initialLiveState();
var color = (c) => colors[c] ?? "#888888";
function show(el, text) {
  el.textContent = text;
  el.hidden = !text;
}
async function loadModel() {
  try {
    const m = await engine.info();
    classes = m.classes;
    colors = m.colors ?? {};
    const hasGender = Boolean(m.gender);
    $("status").className = "muted";
    show($("status"), `Model ready: ${m.model_family} (${classes.length} classes${hasGender ? ", with gender" : ""}).`);
    show($("synthetic"), m.synthetic ? `Warning: ${m.synthetic}.` : "");
    if (!m.modes?.enrolled) {
      $("calibrate").disabled = true;
      show($("calibration"), "this model was not trained for the enrolled mode: calibration is off");
    }
    $("legend").replaceChildren(...[
      ...classes,
      "silence"
    ].map((c) => {
      const li = document.createElement("li");
      li.textContent = c;
      li.className = c === "silence" ? "silence" : "";
      li.style.setProperty("--swatch", c === "silence" ? "transparent" : color(c));
      return li;
    }));
    return true;
  } catch (e) {
    show($("status"), `${e.message}. Train one (./ser train) and restart.`);
    $("status").className = "error";
    return false;
  }
}
function renderLive() {
  const m = live.current;
  if (m) {
    const v = windowView(m, classes), current = $("current");
    current.dataset.label = v.label;
    current.dataset.mode = m.mode ?? "";
    current.textContent = v.label;
    current.style.color = v.coloured ? color(v.label) : "";
    show($("mode-badge"), v.badge);
    $("current-detail").textContent = v.detail;
  }
  const s = latencySummary(live), el = $("live-stats");
  el.dataset.latencyMs = String(s?.medianMs ?? "");
  el.dataset.windows = String(s?.windows ?? 0);
  el.dataset.dropped = String(live.dropped);
  show(el, statsLine(s));
  $("timeline").innerHTML = timelineSvg(live.windows, classes, color);
}
function onLiveMessage(m) {
  live = reduceLive(live, m);
  if (m.type === "window" || m.type === "dropped") renderLive();
  else if (m.type === "enrol_progress" && live.enrol) {
    const e = live.enrol;
    $("enrol-progress").style.width = `${e.percent}%`;
    $("enrol-progress").parentElement.setAttribute("aria-valuenow", e.percent.toFixed(0));
    $("calibration").textContent = `listening: ${e.seconds.toFixed(1)} of ${e.target} s of voiced speech`;
  } else if (m.type === "enrolment") {
    enrolment = m.enrolment;
    $("calibration").textContent = `calibrated to your voice (${m.voiced_seconds.toFixed(1)} s): live predictions and files use the enrolled mode`;
    $("calibration").dataset.state = "enrolled";
    $("clear-calibration").hidden = false;
    stopMic();
  } else if (m.type === "error") show($("mic-error"), `Stopped: ${m.error.message}`);
}
var mic = null;
async function openMicrophone() {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false
      }
    });
  } catch (err) {
    const e = err;
    const denied = e && (e.name === "NotAllowedError" || e.name === "SecurityError");
    show($("mic-error"), denied ? "Microphone permission was denied. Allow the microphone for this page in the browser's site settings, then try again." : `The microphone could not be opened (${e?.name ?? "error"}: ${e?.message ?? e}).`);
    return null;
  }
}
async function startMic(purpose) {
  show($("mic-error"), "");
  const stream = await openMicrophone();
  if (!stream) return null;
  let ctx;
  try {
    ctx = new AudioContext({
      sampleRate: 16e3
    });
  } catch {
    ctx = new AudioContext();
  }
  await ctx.audioWorklet.addModule(new URL("./capture-worklet.js", import.meta.url));
  const node = new AudioWorkletNode(ctx, "capture-processor");
  ctx.createMediaStreamSource(stream).connect(node);
  live = initialLiveState();
  const session = engine.live({
    sampleRate: ctx.sampleRate,
    purpose,
    enrolment: purpose === "predict" ? enrolment : null,
    onMessage: onLiveMessage,
    onClose: (code, reason) => {
      if (mic?.session === session && code !== 1e3) {
        show($("mic-error"), `The live stream closed (${code}${reason ? `: ${reason}` : ""}).`);
      }
      if (mic?.session === session) stopMic();
    }
  });
  node.port.onmessage = (e) => {
    const db = Math.max(-90, 20 * Math.log10(e.data.rms + 1e-9));
    $("level").style.width = `${Math.max(0, Math.min(100, (db + 60) / 60 * 100))}%`;
    $("level").parentElement.setAttribute("aria-valuenow", db.toFixed(0));
    $("level-text").textContent = `level ${db.toFixed(0)} dBFS`;
    session.push(e.data.pcm);
  };
  mic = {
    stream,
    ctx,
    session
  };
  return mic;
}
function stopMic() {
  if (!mic) return;
  const m = mic;
  mic = null;
  m.session.stop();
  m.stream.getTracks().forEach((t) => t.stop());
  m.ctx.close();
  $("mic").textContent = "Start microphone";
  $("mic").setAttribute("aria-pressed", "false");
  $("calibrate").textContent = enrolment ? "Redo calibration" : "Calibrate to my voice";
  $("calibrate").setAttribute("aria-pressed", "false");
  $("passage").hidden = true;
}
$("mic").addEventListener("click", async () => {
  if (mic) return stopMic();
  if (await startMic("predict")) {
    $("mic").textContent = "Stop microphone";
    $("mic").setAttribute("aria-pressed", "true");
  }
});
$("calibrate").addEventListener("click", async () => {
  if (mic) stopMic();
  $("passage").hidden = false;
  $("enrol-progress").style.width = "0%";
  $("calibration").textContent = "listening: read the passage aloud";
  if (await startMic("enrol")) {
    $("calibrate").textContent = "Calibrating\u2026 (press to cancel)";
    $("calibrate").setAttribute("aria-pressed", "true");
  }
});
$("clear-calibration").addEventListener("click", () => {
  enrolment = null;
  $("calibration").textContent = "not calibrated: predictions use the global mode";
  $("calibration").dataset.state = "";
  $("clear-calibration").hidden = true;
  $("calibrate").textContent = "Calibrate to my voice";
  $("enrol-progress").style.width = "0%";
});
function probabilityBar(c, p, top) {
  const row = document.createElement("div");
  row.className = `bar${top ? " top" : ""}`;
  row.style.setProperty("--swatch", color(c));
  row.setAttribute("role", "img");
  row.setAttribute("aria-label", `${c} ${percent(p)}`);
  const label = document.createElement("span");
  label.className = "label";
  label.textContent = c;
  const track = document.createElement("span"), fill = document.createElement("span");
  fill.className = "fill";
  fill.style.display = "block";
  fill.style.width = `${Math.max(0.5, 100 * p)}%`;
  track.append(fill);
  const value = document.createElement("span");
  value.textContent = percent(p);
  row.append(label, track, value);
  return row;
}
function resultItem(name, r) {
  const li = document.createElement("li");
  li.dataset.file = name;
  const title = document.createElement("p");
  if ("error" in r) {
    li.dataset.error = r.error.code;
    title.append(`${name}: `);
    const err = document.createElement("span");
    err.className = "error";
    err.textContent = `error (${r.error.code}): ${r.error.message}`;
    title.append(err);
    li.append(title);
    return li;
  }
  li.dataset.label = r.emotion;
  li.dataset.probabilities = JSON.stringify(r.probabilities);
  li.dataset.mode = r.mode;
  title.textContent = `${name}: ${r.emotion} (${percent(r.confidence)}) \xB7 ${r.mode}${r.gender ? ` \xB7 ${r.gender.label}` : ""}${r.duration_s ? ` \xB7 ${r.duration_s.toFixed(1)} s` : ""}${r.truncated ? ` \xB7 ${r.truncated}` : ""}`;
  li.append(title);
  for (const [c, p] of Object.entries(r.probabilities).sort((a, b) => b[1] - a[1])) {
    li.append(probabilityBar(c, p, c === r.emotion));
  }
  return li;
}
async function predictFiles(files) {
  show($("file-error"), "");
  for (const f of files) {
    const li = document.createElement("li");
    li.textContent = `${f.name}: predicting\u2026`;
    $("results").prepend(li);
    try {
      const t0 = performance.now(), r = await engine.predictFile(f, enrolment);
      const item = resultItem(f.name, r);
      item.dataset.ms = (performance.now() - t0).toFixed(0);
      li.replaceWith(item);
    } catch (e) {
      li.remove();
      show($("file-error"), `${f.name} could not be predicted: ${e.message}`);
    }
  }
}
$("files").addEventListener("change", (e) => predictFiles([
  ...e.target.files ?? []
]));
var drop = $("drop");
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
  predictFiles([
    ...e.dataTransfer?.files ?? []
  ]);
});
$("timeline").innerHTML = timelineSvg([], classes, color);
document.body.dataset.ready = String(await loadModel());
