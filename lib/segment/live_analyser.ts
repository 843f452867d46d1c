/**
 * The live path, independent of transport: mono PCM in, one message per completed window out — a prediction with its
 * stable view (`LiveSmoother`), silence, or an enrolment step. The server's WebSocket stream and the on-device page
 * both run it, so a person sees the same thing from either.
 *
 * Messages: the `AnalyserMessage` union of `live_messages.ts` — a `window` (the stable label from `LiveSmoother`, `raw`
 * the window's own prediction), a `dropped` window, `enrol_progress`, and finally `collected` with the voiced windows'
 * feature vectors (the caller makes the enrolment of them). `drain()` resolves once the window being analysed is done.
 *
 * @module
 */
import type { AnalyserMessage, WindowSpan } from "./live_messages.ts";
import { LiveSmoother } from "./live_smoother.ts";
import { VoiceActivityDetector } from "./vad.ts";
import { type PauseHandling, withPauses } from "./drop_pauses.ts";
import { type Window, WindowCursor } from "./windows.ts";

/** A window's prediction, as the analyser needs it. */
export interface LivePrediction {
  emotion: string;
  confidence: number;
  probabilities: Record<string, number>;
  mode: string;
  gender?: { label: string; confidence: number };
  note?: string;
}

/** What the analyser is given. */
export interface LiveAnalyserOptions {
  sampleRate: number;
  /** Window and hop, seconds. */
  window: number;
  hop: number;
  /** `predict` (default) or `enrol` (collect voiced windows until `enrolSeconds`). */
  purpose?: "predict" | "enrol";
  enrolSeconds?: number;
  /** The model's classes (for the smoother). */
  classes: readonly string[];
  /** A window's feature vector from its mono samples at `sampleRate` (on a worker, or inline). */
  features: (samples: Float32Array, rate: number) => Promise<Float32Array>;
  /** Predict a window from its features (and the earlier voiced windows' features, most recent first). */
  predict: (features: Float32Array, history: readonly Float32Array[]) => LivePrediction;
  /** What a window's long pauses become before its features (`withPauses`, as in timelines). Default `keep`. */
  pauses?: PauseHandling;
  /** Voiced windows kept for `predict`'s history (transductive), most recent first. Default 0. */
  history?: number;
  /** Where messages go. */
  emit: (message: AnalyserMessage) => void;
  /** When set, analysis errors go here (default: an error message is emitted). */
  onError?: (e: Error) => void;
}

/** The gender probabilities of a prediction, by class (what the smoother accumulates). */
function genderOf(p: LivePrediction): Record<string, number> | undefined {
  if (!p.gender) return undefined;
  const other = p.gender.label === "female" ? "male" : "female";
  return { [p.gender.label]: p.gender.confidence, [other]: 1 - p.gender.confidence };
}

/**
 * Analyse a live stream window by window. Create with {@linkcode LiveAnalyser.create}, `push()` samples as they come,
 * `close()` at the end.
 *
 * @example
 * const a = await LiveAnalyser.create({ sampleRate: 16000, window: 3, hop: 0.5, classes, features, predict, emit });
 * a.push(block);
 */
export class LiveAnalyser {
  readonly #o: LiveAnalyserOptions;
  readonly #cursor: WindowCursor;
  readonly #vad: VoiceActivityDetector;
  readonly #smoother: LiveSmoother;
  readonly #history: Float32Array[] = [];
  readonly #enrol: Float32Array[] = [];
  #busy: Promise<void> | null = null;
  #closed = false;
  #windows = 0;
  #dropped = 0;

  private constructor(o: LiveAnalyserOptions, vad: VoiceActivityDetector) {
    this.#o = o;
    this.#cursor = new WindowCursor(o.sampleRate, { window: o.window, hop: o.hop });
    this.#vad = vad;
    this.#smoother = new LiveSmoother(o.classes);
  }

  /**
   * An analyser with its voice activity detector (which keeps only the last window and a few seconds).
   *
   * @throws {RangeError} For a rate, window or hop the cursor refuses.
   */
  static async create(o: LiveAnalyserOptions): Promise<LiveAnalyser> {
    new WindowCursor(o.sampleRate, { window: o.window, hop: o.hop }); // validates before anything is allocated
    const vad = await VoiceActivityDetector.create(o.sampleRate, { keepSeconds: o.window + 5 });
    return new LiveAnalyser(o, vad);
  }

  /** Add mono samples; every completed window is analysed, or dropped while the previous one still is. */
  push(y: Float32Array): void {
    if (this.#closed) return;
    this.#vad.push(y);
    for (const w of this.#cursor.push(y)) {
      if (this.#busy) {
        this.#dropped++;
        this.#o.emit({
          type: "dropped",
          start: w.start,
          end: w.end,
          reason: "the previous window is still being analysed",
        });
        continue;
      }
      this.#windows++;
      this.#busy = this.#window(w).catch((e) => this.#fail(e as Error)).finally(() => (this.#busy = null));
    }
  }

  /** Wait for the window being analysed (if any); then every completed window has been answered. */
  async drain(): Promise<{ windows: number; dropped: number }> {
    while (this.#busy) await this.#busy;
    return { windows: this.#windows, dropped: this.#dropped };
  }

  #fail(e: Error): void {
    if (this.#o.onError) this.#o.onError(e);
    else this.#o.emit({ type: "error", error: { code: "internal", message: e.message } });
  }

  /** Voiced seconds collected for an enrolment. */
  #enrolled(): number {
    return this.#enrol.length ? (this.#enrol.length + 1) * this.#o.hop : 0;
  }

  async #window(w: Window & { samples: Float32Array }): Promise<void> {
    const t0 = performance.now(), o = this.#o;
    const speechFraction = this.#vad.voicedFraction(w.start, w.end);
    const voiced = speechFraction >= 0.2;
    const base: WindowSpan = {
      start: w.start,
      end: w.end,
      voiced,
      speech_fraction: Math.round(speechFraction * 100) / 100,
    };
    const enrolling = o.purpose === "enrol";
    if (!voiced) {
      if (enrolling) {
        return o.emit({
          type: "enrol_progress",
          ...base,
          voiced_seconds: this.#enrolled(),
          target_seconds: o.enrolSeconds,
        });
      }
      const view = this.#smoother.push({ voiced: false });
      return o.emit({ type: "window", ...base, emotion: view.label, gender: view.gender });
    }
    const samples = withPauses(o.pauses ?? "keep", w.samples, o.sampleRate, w.start, (i) => this.#vad.decision(i));
    const features = await o.features(samples, o.sampleRate);
    if (this.#closed) return;
    if (enrolling) return this.#enrolWindow(features, base);
    const p = o.predict(features, this.#history);
    if (o.history) this.#history.unshift(features), this.#history.length = Math.min(this.#history.length, o.history);
    const view = this.#smoother.push({ voiced: true, probabilities: p.probabilities, gender: genderOf(p) });
    o.emit({
      type: "window",
      ...base,
      emotion: view.label,
      confidence: view.confidence,
      probabilities: view.probabilities,
      changed: view.changed,
      raw: { emotion: p.emotion, confidence: p.confidence, probabilities: p.probabilities },
      mode: p.mode,
      gender: view.gender,
      ...(p.note ? { note: p.note } : {}),
      latency_ms: Math.round(performance.now() - t0),
    });
  }

  /** Collect an enrolment window; once enough voiced speech is in, hand over the vectors. */
  #enrolWindow(features: Float32Array, base: WindowSpan): void {
    const o = this.#o;
    this.#enrol.push(features);
    const seconds = this.#enrolled();
    o.emit({ type: "enrol_progress", ...base, voiced_seconds: seconds, target_seconds: o.enrolSeconds });
    if (seconds < (o.enrolSeconds ?? 10)) return;
    o.emit({ type: "collected", vectors: this.#enrol.slice(), seconds });
    this.close();
  }

  /** Stop: release the detector and what was collected (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#vad.close();
    this.#history.length = this.#enrol.length = 0;
  }
}
