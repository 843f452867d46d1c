// The page: calibration (enrolment), live microphone with a stable label and a timeline, and file predictions.
// The engine behind it is the server (engine_server.js) or the browser itself (engine_local.js, the on-device site).
const $ = (id) => document.getElementById(id);
const engine = await import(document.body.dataset.engine === "local" ? "./engine_local.js" : "./engine_server.js");

let classes = [], colors = {}, hasGender = false;
/** The enrolment from calibration, kept only in this page. */
let enrolment = null;
const color = (c) => colors[c] ?? "#888888";
const pct = (p) => `${(100 * p).toFixed(0)} %`;
const SILENCE = "url(#silence)";

function show(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

async function loadModel() {
  try {
    const m = await engine.info();
    classes = m.classes;
    colors = m.colors ?? {};
    hasGender = Boolean(m.gender);
    $("status").className = "muted";
    show($("status"), `Model ready: ${m.model_family} (${classes.length} classes${hasGender ? ", with gender" : ""}).`);
    show($("synthetic"), m.synthetic ? `Warning: ${m.synthetic}.` : "");
    if (!m.modes?.enrolled) {
      $("calibrate").disabled = true;
      show($("calibration"), "this model was not trained for the enrolled mode: calibration is off");
    }
    $("legend").replaceChildren(...[...classes, "silence"].map((c) => {
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

// ---- live timeline ----------------------------------------------------------------------------------------------
const windows = [];
const SPAN = 60, W = 800, H = 250, PLOT = 220;
function drawTimeline() {
  const now = windows.length ? windows[windows.length - 1].end : SPAN;
  const t0 = Math.max(0, now - SPAN), x = (t) => ((t - t0) / SPAN) * W;
  const parts = [
    '<defs><pattern id="silence" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c8ccd1" stroke-width="2"/>' +
    "</pattern></defs>",
  ];
  for (const w of windows) {
    if (w.end < t0) continue;
    const x0 = x(Math.max(t0, w.end - (w.hop ?? 0.5))), width = Math.max(1, x(w.end) - x0);
    const span = `${w.start.toFixed(1)}–${w.end.toFixed(1)} s`;
    if (!w.voiced || !w.probabilities) {
      parts.push(
        `<rect x="${x0}" y="0" width="${width}" height="${PLOT}" fill="${SILENCE}"><title>${span}: silence</title></rect>`,
      );
      continue;
    }
    let y = PLOT;
    for (const c of classes) {
      const h = (w.probabilities[c] ?? 0) * PLOT;
      y -= h;
      parts.push(
        `<rect x="${x0}" y="${y}" width="${width}" height="${h}" fill="${color(c)}"><title>${span}: ${c} ${
          pct(w.probabilities[c] ?? 0)
        }</title></rect>`,
      );
    }
  }
  // The time axis: a tick every 5 s, labelled every 10 s.
  parts.push(`<line x1="0" y1="${PLOT}" x2="${W}" y2="${PLOT}" stroke="#59636e"/>`);
  for (let t = Math.ceil(t0 / 5) * 5; t <= t0 + SPAN; t += 5) {
    const tx = x(t);
    parts.push(`<line x1="${tx}" y1="${PLOT}" x2="${tx}" y2="${PLOT + (t % 10 ? 4 : 8)}" stroke="#59636e"/>`);
    if (t % 10 === 0) {
      parts.push(`<text x="${tx}" y="${H - 6}" font-size="12" text-anchor="middle" fill="#59636e">${t} s</text>`);
    }
  }
  $("timeline").innerHTML = parts.join("");
}

/** Show a window's stable label, its mode and the session's gender. */
function showWindow(m) {
  const current = $("current");
  current.dataset.label = m.voiced ? m.emotion : "silence";
  current.dataset.mode = m.mode ?? "";
  current.textContent = m.voiced ? m.emotion : "silence";
  current.style.color = m.voiced && classes.includes(m.emotion) ? color(m.emotion) : "";
  show($("mode-badge"), m.voiced ? (m.mode === "enrolled" ? "enrolled" : m.mode ?? "") : "");
  const gender = m.gender && m.gender.label !== "uncertain" ? ` · ${m.gender.label}` : "";
  $("current-detail").textContent = m.voiced
    ? `${m.emotion === "uncertain" ? "no emotion clear yet" : pct(m.confidence)}${gender} · ${m.start.toFixed(1)}–${
      m.end.toFixed(1)
    } s`
    : "";
}

// ---- microphone ---------------------------------------------------------------------------------------------------
let mic = null;
/** Open the microphone and a live session; `purpose` is "predict" or "enrol". */
async function startMic(purpose) {
  show($("mic-error"), "");
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (e) {
    const denied = e && (e.name === "NotAllowedError" || e.name === "SecurityError");
    show(
      $("mic-error"),
      denied
        ? "Microphone permission was denied. Allow the microphone for this page in the browser's site settings, then try again."
        : `The microphone could not be opened (${e?.name ?? "error"}: ${e?.message ?? e}).`,
    );
    return null;
  }
  let ctx;
  try {
    ctx = new AudioContext({ sampleRate: 16000 });
  } catch {
    ctx = new AudioContext();
  }
  await ctx.audioWorklet.addModule(new URL("./capture-worklet.js", import.meta.url));
  const node = new AudioWorkletNode(ctx, "capture-processor");
  ctx.createMediaStreamSource(stream).connect(node);
  const session = engine.live({
    sampleRate: ctx.sampleRate,
    purpose,
    enrolment: purpose === "predict" ? enrolment : null,
    onMessage: (m) => onLiveMessage(m),
    onClose: (code, reason) => {
      if (mic?.session === session && code !== 1000) {
        show($("mic-error"), `The live stream closed (${code}${reason ? `: ${reason}` : ""}).`);
      }
      if (mic?.session === session) stopMic();
    },
  });
  node.port.onmessage = (e) => {
    const db = Math.max(-90, 20 * Math.log10(e.data.rms + 1e-9));
    $("level").style.width = `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100))}%`;
    $("level").parentElement.setAttribute("aria-valuenow", db.toFixed(0));
    $("level-text").textContent = `level ${db.toFixed(0)} dBFS`;
    session.push(e.data.pcm);
  };
  mic = { stream, ctx, node, session, purpose };
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
let liveHop = 0.5;
/** Analysis times of the voiced windows and dropped windows, shown so a user can see the page keeps up. */
const stats = { latencies: [], dropped: 0 };
function showStats() {
  const l = [...stats.latencies].sort((a, b) => a - b), median = l[Math.floor(l.length / 2)];
  const el = $("live-stats");
  el.dataset.latencyMs = String(median ?? "");
  el.dataset.windows = String(l.length);
  el.dataset.dropped = String(stats.dropped);
  show(
    el,
    l.length
      ? `each window analysed in ${median} ms (median of ${l.length})${
        stats.dropped ? `; ${stats.dropped} dropped while busy` : ""
      }`
      : "",
  );
}
function onLiveMessage(m) {
  if (m.type === "ready") liveHop = m.hop;
  else if (m.type === "dropped") {
    stats.dropped++;
    showStats();
  } else if (m.type === "window") {
    if (typeof m.latency_ms === "number") {
      stats.latencies.push(m.latency_ms);
      if (stats.latencies.length > 1000) stats.latencies.shift();
      showStats();
    }
    windows.push({ ...m, hop: liveHop });
    while (windows.length > 400) windows.shift();
    showWindow(m);
    drawTimeline();
  } else if (m.type === "enrol_progress") {
    const p = Math.min(100, (100 * m.voiced_seconds) / m.target_seconds);
    $("enrol-progress").style.width = `${p}%`;
    $("enrol-progress").parentElement.setAttribute("aria-valuenow", p.toFixed(0));
    $("calibration").textContent = `listening: ${
      m.voiced_seconds.toFixed(1)
    } of ${m.target_seconds} s of voiced speech`;
  } else if (m.type === "enrolment") {
    enrolment = m.enrolment;
    $("calibration").textContent = `calibrated to your voice (${
      m.voiced_seconds.toFixed(1)
    } s): live predictions and files use the enrolled mode`;
    $("calibration").dataset.state = "enrolled";
    $("clear-calibration").hidden = false;
    stopMic();
  } else if (m.type === "error") {
    show($("mic-error"), `Stopped: ${m.error.message}`);
  }
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
    $("calibrate").textContent = "Calibrating… (press to cancel)";
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

// ---- files --------------------------------------------------------------------------------------------------------
function resultItem(name, r) {
  const li = document.createElement("li");
  li.dataset.file = name;
  const title = document.createElement("p");
  if (r.error) {
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
  title.textContent = `${name}: ${r.emotion} (${pct(r.confidence)}) · ${r.mode}${
    r.gender ? ` · ${r.gender.label}` : ""
  }${r.duration_s ? ` · ${r.duration_s.toFixed(1)} s` : ""}${r.truncated ? ` · ${r.truncated}` : ""}`;
  li.append(title);
  for (const [c, p] of Object.entries(r.probabilities).sort((a, b) => b[1] - a[1])) {
    const row = document.createElement("div");
    row.className = `bar${c === r.emotion ? " top" : ""}`;
    row.style.setProperty("--swatch", color(c));
    row.setAttribute("role", "img");
    row.setAttribute("aria-label", `${c} ${pct(p)}`);
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = c;
    const track = document.createElement("span"), fill = document.createElement("span");
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

drawTimeline();
document.body.dataset.ready = String(await loadModel());
