import type { ExtractionPool } from "../data/extraction_pool.ts";
import type { Predictor } from "../pipeline/predictor.ts";
import { VoiceActivityDetector } from "../segment/vad.ts";
import { WindowCursor } from "../segment/windows.ts";

/** Limits and defaults of the live stream. */
export interface StreamOptions {
  /** Window and hop in seconds. Defaults 3 and 0.5. */
  window?: number;
  hop?: number;
  /** Largest binary message accepted, bytes. Default 262144 (256 KiB). */
  maxMessageBytes?: number;
  /** Most messages per second (averaged over 2 s). Default 50. */
  maxMessagesPerSecond?: number;
  /** Audio may arrive at most this many times faster than real time (after the first 2 s). Default 4. */
  maxRealtime?: number;
  /** Voiced windows remembered as the speaker's, for speaker-normalised models. Default 30. */
  speakerMemory?: number;
}

/** Voiced windows needed before a speaker-normalised model uses the stream's own statistics. */
export const STREAM_SPEAKER_WINDOWS = 5;

/**
 * One live stream over a WebSocket (`GET /v1/stream`):
 *
 * 1. the client sends `{"type":"start","sampleRate":16000,"format":"s16le"}` (or `"f32le"`; optional `window`, `hop`);
 *    the server answers `{"type":"ready", …}`;
 * 2. then binary messages of mono PCM at that rate; each completed window (3 s every 0.5 s by default) is answered
 *    with `{"type":"window","start","end","voiced",…}` and, when voiced, the emotion, confidence, probabilities and
 *    the normalisation used;
 * 3. when a window completes while the previous one is still being predicted, it is dropped
 *    (`{"type":"dropped",…}`): back-pressure never grows a queue.
 *
 * The server decodes nothing but the PCM it is sent. Messages larger than `maxMessageBytes`, more than
 * `maxMessagesPerSecond`, or audio faster than `maxRealtime` × real time close the socket (1009 / 1008). With a
 * speaker-normalised model, the stream is one speaker: after {@linkcode STREAM_SPEAKER_WINDOWS} voiced windows their
 * features give the speaker's statistics; before that the global fallback answers, and each message says which.
 */
export function streamSession(
  socket: WebSocket,
  predictor: Predictor,
  pool: ExtractionPool,
  options: StreamOptions = {},
  log: (line: string) => void = () => {},
): void {
  const maxBytes = options.maxMessageBytes ?? 262144, maxRate = options.maxMessagesPerSecond ?? 50;
  const maxRealtime = options.maxRealtime ?? 4, memory = options.speakerMemory ?? 30;
  let cursor: WindowCursor | null = null, vad: VoiceActivityDetector | null = null;
  let format: "s16le" | "f32le" = "s16le", rate = 0, startedAt = 0, received = 0, busy = false, closed = false;
  const stamps: number[] = [];
  const early: Uint8Array[] = [];
  const history: Float32Array[] = [];
  const send = (m: unknown) => {
    if (!closed && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(m));
  };
  const fail = (code: number, reason: string) => {
    send({ type: "error", error: { code: code === 1009 ? "message_too_big" : "policy", message: reason } });
    closed = true;
    try {
      socket.close(code, reason.slice(0, 120));
    } catch { /* already closing */ }
  };
  const start = async (m: { sampleRate?: unknown; format?: unknown; window?: unknown; hop?: unknown }) => {
    const sr = Number(m.sampleRate);
    if (!(Number.isInteger(sr) && sr >= 8000 && sr <= 96000)) {
      return fail(1008, `sampleRate must be an integer in 8000–96000: received ${m.sampleRate}`);
    }
    if (m.format !== undefined && m.format !== "s16le" && m.format !== "f32le") {
      return fail(1008, `format must be "s16le" or "f32le": received ${m.format}`);
    }
    const window = m.window === undefined ? options.window ?? 3 : Number(m.window);
    const hop = m.hop === undefined ? options.hop ?? 0.5 : Number(m.hop);
    let c: WindowCursor;
    try {
      c = new WindowCursor(sr, { window, hop });
    } catch (e) {
      return fail(1008, (e as Error).message);
    }
    format = (m.format as "s16le" | "f32le") ?? "s16le";
    rate = sr;
    vad = await VoiceActivityDetector.create(sr);
    if (closed) return vad.close();
    cursor = c; // audio is accepted only once both exist
    send({
      type: "ready",
      sampleRate: sr,
      format,
      window,
      hop,
      classes: predictor.classes,
      modes: predictor.modes,
    });
    // Audio that arrived while the detector was being set up (at most a few messages) is processed now, in order.
    for (const b of early.splice(0)) audio(b);
    startedAt = performance.now();
  };
  const predictWindow = async (w: { start: number; end: number; samples: Float32Array }) => {
    const t0 = performance.now();
    const voiced = (vad?.voicedFraction(w.start, w.end) ?? 1) >= 0.2;
    if (!voiced) return send({ type: "window", start: w.start, end: w.end, voiced: false });
    const r = await pool.samples(w.samples, rate);
    if (closed) return;
    if (!r.ok) {
      return send({
        type: "window",
        start: w.start,
        end: w.end,
        voiced: true,
        error: { code: r.code, message: r.message },
      });
    }
    let p;
    if (predictor.modes.includes("transductive") && history.length + 1 >= STREAM_SPEAKER_WINDOWS) {
      const groups = new Array(history.length + 1).fill("stream");
      p = predictor.predictMany([r.features, ...history], { groups })[0];
    } else p = predictor.predictMany([r.features])[0];
    history.push(r.features);
    if (history.length > memory) history.shift();
    const { note: _n, ...rest } = p;
    send({
      type: "window",
      start: w.start,
      end: w.end,
      voiced: true,
      ...rest,
      ...(predictor.modes.includes("transductive") && p.mode === "global"
        ? { note: `global model until ${STREAM_SPEAKER_WINDOWS} voiced windows give the speaker's statistics` }
        : {}),
      latency_ms: Math.round(performance.now() - t0),
    });
  };
  socket.onmessage = (e: MessageEvent) => {
    onMessage(e).catch((err) => {
      log(`stream: ${(err as Error).message}`);
      fail(1011, "internal error");
    });
  };
  const onMessage = async (e: MessageEvent) => {
    if (closed) return;
    const now = performance.now();
    stamps.push(now);
    while (stamps.length && stamps[0] < now - 2000) stamps.shift();
    if (stamps.length > 2 * maxRate) return fail(1008, `more than ${maxRate} messages per second`);
    if (typeof e.data === "string") {
      if (e.data.length > 4096) return fail(1009, "control message too long");
      let m: { type?: string };
      try {
        m = JSON.parse(e.data);
      } catch {
        return fail(1008, "control messages must be JSON");
      }
      if (m.type === "start" && !cursor && !rate) return await start(m as Record<string, unknown>);
      if (m.type === "stop") return socket.close(1000, "stopped");
      return fail(1008, `unexpected control message ${JSON.stringify(m.type)}`);
    }
    if (!rate) return fail(1008, 'send {"type":"start","sampleRate":…} before audio');
    const buf = e.data instanceof ArrayBuffer
      ? new Uint8Array(e.data)
      : new Uint8Array(await (e.data as Blob).arrayBuffer());
    if (buf.length > maxBytes) {
      return fail(1009, `binary message of ${buf.length} bytes is over the ${maxBytes}-byte limit`);
    }
    if (!cursor) {
      // The detector is still being set up: keep a few messages, processed in order once it is.
      if (early.length >= 20) return fail(1008, "too much audio before the stream was ready");
      early.push(buf);
      return;
    }
    await audio(buf, now);
  };
  const audio = (buf: Uint8Array, now = performance.now()) => {
    const width = format === "s16le" ? 2 : 4;
    if (buf.length % width) return fail(1008, `PCM ${format} messages must hold whole samples (${buf.length} bytes)`);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength), n = buf.length / width;
    const y = new Float32Array(n);
    if (format === "s16le") { for (let i = 0; i < n; i++) y[i] = dv.getInt16(2 * i, true) / 32768; }
    else for (let i = 0; i < n; i++) y[i] = dv.getFloat32(4 * i, true);
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) return fail(1008, "audio is not finite");
    received += n;
    const elapsed = (now - startedAt) / 1000;
    if (elapsed > 2 && received / rate > maxRealtime * elapsed + 2) {
      return fail(1008, `audio is arriving faster than ${maxRealtime}× real time`);
    }
    vad!.push(y);
    for (const w of cursor!.push(y)) {
      if (busy) {
        send({ type: "dropped", start: w.start, end: w.end, reason: "the previous window is still being predicted" });
        continue;
      }
      busy = true;
      predictWindow(w).catch((err) => log(`stream error: ${(err as Error).message}`)).finally(() => (busy = false));
    }
  };
  socket.onclose = () => {
    closed = true;
    vad?.close();
    vad = null;
  };
  socket.onerror = () => {
    closed = true;
  };
}
