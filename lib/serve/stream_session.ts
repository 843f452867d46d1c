/**
 * One live stream over a WebSocket (`GET /v1/stream`):
 *
 * 1. the client sends a start message (`stream_start.ts`); the server answers `{"type":"ready", …}`;
 * 2. then binary messages of mono PCM at that rate; each completed window (3 s every 0.5 s by default) is answered with
 *    `{"type":"window","start","end","voiced",…}`: the shown emotion (smoothed over the last windows, changing only on
 *    evidence, `uncertain` when weak), its probabilities, the raw window's (`raw`), the mode, and the session's gender;
 * 3. a window that completes while the previous one is still being predicted is dropped (`{"type":"dropped"}`):
 *    back-pressure never grows a queue;
 * 4. with `purpose: "enrol"`, voiced windows are collected instead (`{"type":"enrol_progress"}`) until the seconds
 *    asked for are in, then `{"type":"enrolment","enrolment":…}` and the socket closes;
 * 5. `{"type":"stop"}` is answered, once the window being analysed is done, by `{"type":"drained","windows","dropped"}`
 *    and a normal close (1000): a client that stops knows every window it sent has been answered.
 *
 * The messages are the `LiveMessage` union (`lib/segment/live_messages.ts`).
 *
 * The server decodes nothing but the PCM it is sent and holds at most `memory_bytes_per_stream`. Oversized messages
 * (1009), too many messages, audio faster than real time allows, a bad start or silence for `idle_timeout_s` (1008,
 * 1000) close the socket with the reason.
 *
 * @module
 */
import type { ExtractionPool } from "../data/extraction_pool.ts";
import type { Predictor } from "../predict/mod.ts";
import { LiveAnalyser } from "../segment/live_analyser.ts";
import type { AnalyserMessage, LiveMessage } from "../segment/live_messages.ts";
import { enrolmentToJson } from "../model/mod.ts";
import { STREAM_EARLY_MESSAGES, STREAM_HISTORY, type StreamLimits } from "./limits.ts";
import { parseStart, StreamRefusal, type StreamStart } from "./stream_start.ts";

/** What a session needs from the server. */
export interface StreamContext {
  predictor: Predictor;
  pool: ExtractionPool;
  limits: StreamLimits;
  log: (line: string) => void;
  /** Called once when the session ends. */
  onClose?: () => void;
}

/** A live stream's state and message handling. */
export class StreamSession {
  #start: StreamStart | null = null;
  #analyser: LiveAnalyser | null = null;
  #closed = false;
  #ended = false;
  #startedAt = 0;
  #received = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #stamps: number[] = [];
  readonly #early: Uint8Array[] = [];

  constructor(readonly socket: WebSocket, readonly ctx: StreamContext) {
    socket.binaryType = "arraybuffer";
    socket.onmessage = (e: MessageEvent) => {
      this.#onMessage(e).catch((err) => {
        ctx.log(`stream: ${(err as Error).message}`);
        this.#fail(1011, "internal error");
      });
    };
    socket.onclose = () => this.#end();
    socket.onerror = () => this.#end();
    this.#touch();
  }

  #send(m: LiveMessage): void {
    if (!this.#closed && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(m));
  }

  /** Tell the client why, then close with the code. */
  #fail(code: number, reason: string): void {
    const errorCode = code === 1009
      ? "message_too_big"
      : code === 1011
      ? "internal"
      : code === 1001
      ? "going_away"
      : "policy";
    this.#send({ type: "error", error: { code: errorCode, message: reason } });
    this.#closed = true;
    try {
      this.socket.close(code, reason.slice(0, 120));
    } catch { /* already closing */ }
    this.#end();
  }

  /** Close the socket because the server is stopping (1001). */
  goAway(): void {
    this.#fail(1001, "the server is stopping");
  }

  /** Release everything the session holds (once). */
  #end(): void {
    if (this.#ended) return;
    this.#ended = this.#closed = true;
    clearTimeout(this.#idle);
    this.#analyser?.close();
    this.#early.length = 0;
    this.ctx.onClose?.();
  }

  /** Restart the idle timer. */
  #touch(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(
      () => this.#fail(1000, `no message for ${this.ctx.limits.idle_timeout_s} s`),
      this.ctx.limits.idle_timeout_s * 1000,
    );
  }

  async #onMessage(e: MessageEvent): Promise<void> {
    if (this.#closed) return;
    this.#touch();
    const now = performance.now(), limits = this.ctx.limits;
    this.#stamps.push(now);
    while (this.#stamps.length && this.#stamps[0] < now - 2000) this.#stamps.shift();
    if (this.#stamps.length > 2 * limits.max_messages_per_second) {
      return this.#fail(1008, `more than ${limits.max_messages_per_second} messages per second`);
    }
    if (typeof e.data === "string") return await this.#control(e.data);
    const buf = e.data instanceof ArrayBuffer
      ? new Uint8Array(e.data)
      : new Uint8Array(await (e.data as Blob).arrayBuffer());
    if (buf.length > limits.max_message_bytes) {
      return this.#fail(
        1009,
        `binary message of ${buf.length} bytes is over the ${limits.max_message_bytes}-byte limit`,
      );
    }
    if (!this.#start) return this.#fail(1008, 'send {"type":"start","sample_rate":…} before audio');
    if (!this.#analyser) {
      // The detector is still being set up: keep a few messages, processed in order once it is.
      if (this.#early.length >= STREAM_EARLY_MESSAGES) {
        return this.#fail(1008, "too much audio before the stream was ready");
      }
      this.#early.push(buf);
      return;
    }
    this.#audio(buf, now);
  }

  async #control(text: string): Promise<void> {
    if (text.length > 16384) return this.#fail(1009, "control message too long");
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text);
    } catch {
      return this.#fail(1008, "control messages must be JSON");
    }
    if (m?.type === "start" && !this.#start) {
      try {
        this.#start = parseStart(m, this.ctx.limits, this.ctx.predictor);
      } catch (e) {
        return this.#fail(e instanceof StreamRefusal ? e.code : 1008, (e as Error).message);
      }
      return await this.#open(this.#start);
    }
    if (m?.type === "stop") return await this.#drain();
    return this.#fail(1008, `unexpected control message ${JSON.stringify(m?.type ?? null)}`);
  }

  /** Set up the analyser, say ready, and process the audio that came meanwhile. */
  async #open(s: StreamStart): Promise<void> {
    const p = this.ctx.predictor;
    const analyser = await LiveAnalyser.create({
      sampleRate: s.sampleRate,
      window: s.window,
      hop: s.hop,
      purpose: s.purpose,
      enrolSeconds: s.enrolSeconds,
      classes: p.classes,
      history: s.mode === "transductive" ? STREAM_HISTORY : 0,
      features: async (samples, rate) => {
        const r = await this.ctx.pool.samples(samples, rate);
        if (!r.ok) throw new Error(r.message);
        return r.features;
      },
      predict: (features, history) => {
        if (s.mode === "enrolled") return p.predictMany([features], { mode: s.mode, enrolments: [s.enrolment] })[0];
        if (s.mode !== "transductive") return p.predictMany([features])[0];
        const all = [features, ...history];
        return p.predictMany(all, { mode: s.mode, groups: all.map(() => "stream") })[0];
      },
      emit: (m) => this.#emit(m),
      onError: (e) => this.ctx.log(`stream: ${e.message}`),
    });
    if (this.#closed) return analyser.close();
    this.#analyser = analyser;
    this.#send({
      type: "ready",
      purpose: s.purpose,
      sample_rate: s.sampleRate,
      format: s.format,
      window: s.window,
      hop: s.hop,
      mode: s.mode,
      classes: p.classes,
      ...(s.purpose === "enrol" ? { target_seconds: s.enrolSeconds } : {}),
      ...(p.synthetic ? { synthetic: p.synthetic } : {}),
    });
    this.#startedAt = performance.now();
    for (const b of this.#early.splice(0)) this.#audio(b);
  }

  /** Answer `stop`: wait for the window being analysed, say how many windows there were, close normally. */
  async #drain(): Promise<void> {
    const counts = (await this.#analyser?.drain()) ?? { windows: 0, dropped: 0 };
    this.#send({ type: "drained", ...counts });
    this.#closed = true;
    try {
      this.socket.close(1000, "stopped");
    } catch { /* already closing */ }
    this.#end();
  }

  /** The analyser's messages, to the client; collected vectors become the enrolment JSON, then the socket closes. */
  #emit(m: AnalyserMessage): void {
    if (m.type !== "collected") return this.#send(m);
    const e = this.ctx.predictor.enrol(m.vectors, m.seconds);
    this.#send({ type: "enrolment", enrolment: enrolmentToJson(e), voiced_seconds: m.seconds });
    this.#fail(1000, "enrolled");
  }

  #audio(buf: Uint8Array, now = performance.now()): void {
    const s = this.#start!, width = s.format === "s16le" ? 2 : 4;
    if (buf.length % width) {
      return this.#fail(1008, `PCM ${s.format} messages must hold whole samples (${buf.length} bytes)`);
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength), n = buf.length / width;
    const y = new Float32Array(n);
    if (width === 2) { for (let i = 0; i < n; i++) y[i] = dv.getInt16(2 * i, true) / 32768; }
    else for (let i = 0; i < n; i++) y[i] = dv.getFloat32(4 * i, true);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]) || Math.abs(y[i]) > 16) return this.#fail(1008, "audio is not finite");
    }
    this.#received += n;
    const elapsed = (now - this.#startedAt) / 1000, limit = this.ctx.limits.max_realtime;
    if (elapsed > 2 && this.#received / s.sampleRate > limit * elapsed + 2) {
      return this.#fail(1008, `audio is arriving faster than ${limit}× real time`);
    }
    this.#analyser!.push(y);
  }
}
