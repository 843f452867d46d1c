/**
 * Emotion timelines for long recordings: the file is decoded block by block (memory does not grow with its length),
 * cut into sliding windows each predicted exactly as a clip of that length, silence and noise marked by the VAD and
 * not classified, and the windows smoothed into segments with a summary.
 *
 * @module
 */
import { answerBalance } from "../eval/prediction_balance.ts";
import type { Enrolment, UseModeName } from "../model/mod.ts";
import {
  mergeSegments,
  type Segment,
  type SmoothingOptions,
  type TimelineSummary,
  timelineSummary,
  type WindowResult,
  windowSlots,
} from "../segment/segments.ts";
import { featuresOfSamples } from "../features/feature_sets.ts";
import type { PredictContext, Predictor } from "./predictor.ts";
import { type ScanOptions, scanRecording } from "../segment/scan_recording.ts";

/** Options for {@linkcode predictTimeline}; windows, smoothing and VAD have documented defaults. */
export interface TimelineOptions extends Omit<ScanOptions, "onBlock">, SmoothingOptions {
  /** Envelope points per second for the chart. Default 20. */
  envelopeRate?: number;
  /** The speaker's enrolment: windows are predicted in the enrolled mode. Default: none (global mode). */
  enrolment?: Enrolment;
  /**
   * `transductive` normalises the recording by its own voiced windows (on request only: a recording in one mood is
   * then misread). Default: `enrolled` with an enrolment, else `global`.
   */
  mode?: UseModeName;
}

/** A finished timeline. */
export interface Timeline {
  source: string;
  container: string;
  decoder: string;
  duration: number;
  nativeSampleRate: number;
  channels: number;
  windowSeconds: number;
  hopSeconds: number;
  windows: WindowResult[];
  segments: Segment[];
  summary: TimelineSummary;
  /** Min and max of the mono signal per `1 / rate` seconds, for the waveform envelope. */
  envelope: { rate: number; min: Float32Array; max: Float32Array };
  /** The use mode the windows were predicted in. */
  mode: UseModeName;
  /** Including a warning when one label takes most voiced windows or a label is never answered (20 windows or more). */
  notes: string[];
  /** Wall time and how many times faster than real time. */
  seconds: number;
  realtimeFactor: number;
}

/** Min and max of the signal per step of samples. */
class Envelope {
  min: number[] = [];
  max: number[] = [];
  #lo = Infinity;
  #hi = -Infinity;
  #n = 0;
  constructor(readonly step: number) {}
  push(mono: Float32Array) {
    for (const v of mono) {
      if (v < this.#lo) this.#lo = v;
      if (v > this.#hi) this.#hi = v;
      if (++this.#n === this.step) this.flush();
    }
  }
  flush() {
    if (this.#n === 0) return;
    this.min.push(this.#lo), this.max.push(this.#hi);
    this.#lo = Infinity, this.#hi = -Infinity, this.#n = 0;
  }
}

/** The mode and the per-window context a timeline predicts with, and the note that goes with it. */
function timelineContext(options: TimelineOptions, voiced: number): {
  context: (n: number) => PredictContext;
  mode: UseModeName;
  note: string | null;
} {
  const mode = options.mode ?? (options.enrolment ? "enrolled" : "global");
  if (mode === "enrolled") {
    if (!options.enrolment) throw new RangeError("the enrolled mode needs an enrolment (predict --enrol FILE|DIR)");
    const e = options.enrolment;
    return {
      mode,
      context: (n) => ({ mode, enrolments: new Array(n).fill(e) }),
      note: `enrolled: windows centred on the speaker's enrolment (${e.seconds.toFixed(1)} s of voice)`,
    };
  }
  if (mode === "transductive") {
    return {
      mode,
      context: (n) => ({ mode, groups: n >= 2 ? new Array(n).fill("recording") : undefined }),
      note: voiced >= 2
        ? "transductive (asked for): the recording is normalised by its own voiced windows; a recording in one mood is misread"
        : "too few voiced windows for transductive statistics: the global model answered",
    };
  }
  return { mode, context: () => ({ mode }), note: null };
}

/**
 * Predict an emotion timeline for a recording of any length and container.
 *
 * Windows (`window` 3 s, `hop` 1 s by default) are those of `slidingWindows`: window k is exactly the clip
 * `loadAudio(file, { offset: k × hop, duration: window })` would load — mixed to mono, resampled to the model's rate
 * with libsoxr — and its features are the model's. Windows are predicted in the global mode, or the enrolled mode with
 * an enrolment; never normalised by the recording itself unless `mode: "transductive"` is asked for.
 *
 * @throws {AudioDecodeError} If the file cannot be decoded; {ModeError} if the model lacks the mode.
 * @example
 * const t = await predictTimeline(predictor, "call.wav");
 * t.segments; // [{ start: 0, end: 12.5, label: "neutral", … }, { label: "angry", … }]
 */
export async function predictTimeline(
  predictor: Predictor,
  input: string | Uint8Array,
  options: TimelineOptions = {},
): Promise<Timeline> {
  const t0 = performance.now();
  const results: WindowResult[] = [], features: Float32Array[] = [], featureOf: number[] = [];
  let envelope = new Envelope(1), rate = 0;
  const info = await scanRecording(input, {
    ...options,
    onOpen: (f) => {
      rate = f.sampleRate;
      envelope = new Envelope(Math.max(1, Math.round(rate / (options.envelopeRate ?? 20))));
    },
    onBlock: (mono) => envelope.push(mono),
  }, (w) => {
    results.push({ start: w.start, end: w.end, voiced: w.voiced, speechFraction: w.speechFraction });
    if (!w.voiced) return;
    features.push(featuresOfSamples(predictor.featureSet, w.samples, rate));
    featureOf.push(results.length - 1);
  });
  envelope.flush();
  // Each window's own slot: how much of the stretch it stands for is speech.
  const frame = 0.03;
  windowSlots(results, info.duration).forEach(([a, b], k) => {
    const i0 = Math.floor(a / frame), i1 = Math.min(info.speechFrames.length, Math.ceil(b / frame));
    let v = 0;
    for (let i = i0; i < i1; i++) v += info.speechFrames[i];
    if (options.vad !== false && i1 > i0) results[k].slotSpeechFraction = v / (i1 - i0);
  });
  const how = timelineContext(options, features.length);
  const preds = predictor.predictMany(features, how.context(features.length));
  preds.forEach((p, k) => {
    const r = results[featureOf[k]];
    r.emotion = p.emotion;
    r.confidence = p.confidence;
    r.probabilities = p.probabilities;
    r.mode = p.mode;
  });
  const notes = [
    how.note,
    options.vad === false ? "VAD off: every window was classified" : null,
    predictor.synthetic,
    collapseNote(preds.map((p) => p.emotion), predictor.classes),
  ].filter((n): n is string => n !== null);
  const segments = mergeSegments(results, info.duration, options);
  const seconds = (performance.now() - t0) / 1000;
  return {
    source: info.source,
    container: info.container,
    decoder: info.decoder,
    duration: info.duration,
    nativeSampleRate: info.sampleRate,
    channels: info.channels,
    windowSeconds: info.window,
    hopSeconds: info.hop,
    windows: results,
    segments,
    summary: timelineSummary(segments, info.duration),
    envelope: {
      rate: rate / envelope.step,
      min: Float32Array.from(envelope.min),
      max: Float32Array.from(envelope.max),
    },
    mode: how.mode,
    notes,
    seconds,
    realtimeFactor: info.duration / Math.max(1e-9, seconds),
  };
}

/**
 * A warning when one label takes most of 20 or more voiced windows, or some label is never answered in 120 or more —
 * right for a one-mood
 * recording, but on a varied one the sign of a recording chain unlike the training data's (`answerBalance`).
 */
function collapseNote(labels: readonly string[], classes: readonly string[]): string | null {
  if (labels.length < 20) return null;
  const b = answerBalance(labels, classes);
  const parts = [
    ...(b.warning && b.top.share > 0.5
      ? [`${b.top.label} takes ${Math.round(100 * b.top.share)} % of the voiced windows`]
      : []),
    // A label missing from a minute or more of speech (120 windows at the 0.5 s hop) is worth saying; from less, not.
    ...(b.neverPredicted.length && labels.length >= 120 ? [`never answered: ${b.neverPredicted.join(", ")}`] : []),
  ];
  if (!parts.length) return null;
  return `warning: ${parts.join("; ")}. Right for a one-mood recording; on a varied one, a sign that this recording ` +
    "chain differs from the training data's (calibrate to the speaker: --enrol)";
}
