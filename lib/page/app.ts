/// <reference lib="dom" />
/**
 * The page (bundled to `lib/serve/static/app.js`): calibration (enrolment), the live microphone with a stable label and
 * a timeline, and file predictions. The engine behind it is the server (`engine_server.js`) or the browser itself
 * (`engine_local.js`, the on-device site), chosen by `<body data-engine>`. What it shows comes from the pure modules
 * beside it (`live_state.ts`, `window_view.ts`, `timeline_svg.ts`); this file only wires them to the DOM.
 *
 * @module
 */
import type { LiveMessage } from "../segment/live_messages.ts";
import type { Engine, FileResult, LiveSession } from "./engine.ts";
import { initialLiveState, latencySummary, type LiveState, reduceLive } from "./live_state.ts";
import { timelineSvg } from "./timeline_svg.ts";
import { percent, statsLine, windowView } from "./window_view.ts";

const $ = (id: string) => document.getElementById(id)! as HTMLElement & HTMLInputElement & HTMLButtonElement;
// The engine module sits beside the bundle (static/engine_*.js); a computed specifier keeps the bundler out of it.
const engineFile = document.body.dataset.engine === "local" ? "./engine_local.js" : "./engine_server.js";
const engine: Engine = await import(new URL(engineFile, import.meta.url).href);

let classes: string[] = [], colors: Record<string, string> = {};
/** The enrolment from calibration, kept only in this page. */
let enrolment: unknown | null = null;
let live: LiveState = initialLiveState();
const color = (c: string) => colors[c] ?? "#888888";

function show(el: HTMLElement, text: string): void {
  el.textContent = text;
  el.hidden = !text;
}

async function loadModel(): Promise<boolean> {
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
    $("legend").replaceChildren(...[...classes, "silence"].map((c) => {
      const li = document.createElement("li");
      li.textContent = c;
      li.className = c === "silence" ? "silence" : "";
      li.style.setProperty("--swatch", c === "silence" ? "transparent" : color(c));
      return li;
    }));
    return true;
  } catch (e) {
    show($("status"), `${(e as Error).message}. Train one (./ser train) and restart.`);
    $("status").className = "error";
    return false;
  }
}

// ---- live ---------------------------------------------------------------------------------------------------------
/** Show the state: the current label, the keeps-up line and the timeline. */
function renderLive(): void {
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

function onLiveMessage(m: LiveMessage): void {
  live = reduceLive(live, m);
  if (m.type === "window" || m.type === "dropped") renderLive();
  else if (m.type === "enrol_progress" && live.enrol) {
    const e = live.enrol;
    $("enrol-progress").style.width = `${e.percent}%`;
    $("enrol-progress").parentElement!.setAttribute("aria-valuenow", e.percent.toFixed(0));
    $("calibration").textContent = `listening: ${e.seconds.toFixed(1)} of ${e.target} s of voiced speech`;
  } else if (m.type === "enrolment") {
    enrolment = m.enrolment;
    $("calibration").textContent = `calibrated to your voice (${
      m.voiced_seconds.toFixed(1)
    } s): live predictions and files use the enrolled mode`;
    $("calibration").dataset.state = "enrolled";
    $("clear-calibration").hidden = false;
    stopMic();
  } else if (m.type === "error") show($("mic-error"), `Stopped: ${m.error.message}`);
}

interface Mic {
  stream: MediaStream;
  ctx: AudioContext;
  session: LiveSession;
}
let mic: Mic | null = null;

/** The microphone, or null with the reason shown. */
async function openMicrophone(): Promise<MediaStream | null> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (err) {
    const e = err as DOMException | undefined;
    const denied = e && (e.name === "NotAllowedError" || e.name === "SecurityError");
    show(
      $("mic-error"),
      denied
        ? "Microphone permission was denied. Allow the microphone for this page in the browser's site settings, then try again."
        : `The microphone could not be opened (${e?.name ?? "error"}: ${e?.message ?? e}).`,
    );
    return null;
  }
}

/** Open the microphone and a live session; `purpose` is "predict" or "enrol". */
async function startMic(purpose: "predict" | "enrol"): Promise<Mic | null> {
  show($("mic-error"), "");
  const stream = await openMicrophone();
  if (!stream) return null;
  let ctx: AudioContext;
  try {
    ctx = new AudioContext({ sampleRate: 16000 });
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
      if (mic?.session === session && code !== 1000) {
        show($("mic-error"), `The live stream closed (${code}${reason ? `: ${reason}` : ""}).`);
      }
      if (mic?.session === session) stopMic();
    },
  });
  node.port.onmessage = (e: MessageEvent<{ pcm: ArrayBuffer; rms: number }>) => {
    const db = Math.max(-90, 20 * Math.log10(e.data.rms + 1e-9));
    $("level").style.width = `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100))}%`;
    $("level").parentElement!.setAttribute("aria-valuenow", db.toFixed(0));
    $("level-text").textContent = `level ${db.toFixed(0)} dBFS`;
    session.push(e.data.pcm);
  };
  mic = { stream, ctx, session };
  return mic;
}

function stopMic(): void {
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
/** One probability bar of a file's result. */
function probabilityBar(c: string, p: number, top: boolean): HTMLElement {
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

/** A file's result: its label, mode, gender and length, and a bar per class; or its error. */
function resultItem(name: string, r: FileResult): HTMLElement {
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
  title.textContent = `${name}: ${r.emotion} (${percent(r.confidence)}) · ${r.mode}${
    r.gender ? ` · ${r.gender.label}` : ""
  }${r.duration_s ? ` · ${r.duration_s.toFixed(1)} s` : ""}${r.truncated ? ` · ${r.truncated}` : ""}`;
  li.append(title);
  for (const [c, p] of Object.entries(r.probabilities).sort((a, b) => b[1] - a[1])) {
    li.append(probabilityBar(c, p, c === r.emotion));
  }
  return li;
}

async function predictFiles(files: File[]): Promise<void> {
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
      show($("file-error"), `${f.name} could not be predicted: ${(e as Error).message}`);
    }
  }
}

$("files").addEventListener("change", (e) => predictFiles([...((e.target as HTMLInputElement).files ?? [])]));
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
  predictFiles([...(e.dataTransfer?.files ?? [])]);
});

$("timeline").innerHTML = timelineSvg([], classes, color);
document.body.dataset.ready = String(await loadModel());
