/**
 * Emotion timelines for long recordings: the file is decoded block by block (memory does not grow with its length),
 * cut into sliding windows each predicted exactly as a clip of that length, silence and noise marked by the VAD and
 * not classified, and the windows smoothed into segments with a summary.
 *
 * @module
 */
import { openAudio } from "../audio/audio_reader.ts";
import { resample } from "../audio/resample.ts";
import {
  mergeSegments,
  type Segment,
  type SmoothingOptions,
  type TimelineSummary,
  timelineSummary,
  type WindowResult,
} from "../segment/segments.ts";
import { type VadOptions, VoiceActivityDetector } from "../segment/vad.ts";
import { WindowCursor, type WindowOptions } from "../segment/windows.ts";
import type { Predictor } from "./predictor.ts";

/** Options for {@linkcode predictTimeline}; windows, smoothing and VAD have documented defaults. */
export interface TimelineOptions extends WindowOptions, SmoothingOptions {
  /** Run voice activity detection (off: every window is classified). Default true. */
  vad?: boolean;
  /** A window is voiced when at least this share of its 30 ms frames is speech. Default 0.2. */
  minSpeechFraction?: number;
  vadOptions?: VadOptions;
  /** Envelope points per second for the chart. Default 20. */
  envelopeRate?: number;
  /** Called with seconds decoded so far and the total (null when the decoder cannot tell). */
  onProgress?: (seconds: number, total: number | null) => void;
  /** Name for messages when the input is bytes. */
  source?: string;
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
  /** `speaker` (the whole recording treated as one speaker) or `global`. */
  normalization: "speaker" | "global";
  notes: string[];
  /** Wall time and how many times faster than real time. */
  seconds: number;
  realtimeFactor: number;
}

/**
 * Predict an emotion timeline for a recording of any length and container.
 *
 * Windows (`window` 3 s, `hop` 1 s by default) are those of `slidingWindows`: window k is exactly the clip
 * `loadAudio(file, { offset: k × hop, duration: window })` would load — mixed to mono, resampled to the model's rate
 * with libsoxr — and its features are the model's. With a speaker-normalised model, the recording is treated as one
 * speaker: its voiced windows' features give the statistics (diarisation is not attempted).
 *
 * @throws {AudioDecodeError} If the file cannot be decoded.
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
  const set = predictor.featureSet;
  const reader = await openAudio(input, { source: options.source });
  const notes: string[] = [];
  const envRate = options.envelopeRate ?? 20;
  try {
    const sr = reader.sampleRate, nch = reader.channels;
    const cursor = new WindowCursor(sr, options);
    const vad = options.vad === false ? null : await VoiceActivityDetector.create(sr, options.vadOptions);
    const minSpeech = options.minSpeechFraction ?? 0.2;
    const envStep = Math.max(1, Math.round(sr / envRate));
    let envMin: number[] = [], envMax: number[] = [];
    let eMin = Infinity, eMax = -Infinity, eCount = 0;
    const results: WindowResult[] = [];
    const features: Float32Array[] = [], featureOf: number[] = [];
    const take = (w: { start: number; end: number; startSample: number; endSample: number; samples: Float32Array }) => {
      const fraction = vad ? vad.voicedFraction(w.start, w.end) : 1;
      const voiced = fraction >= minSpeech;
      results.push({ start: w.start, end: w.end, voiced, speechFraction: fraction });
      if (!voiced) return;
      // As predict() loads a clip: the model's first `duration` seconds at the native rate, then resampled.
      const native = w.samples.subarray(0, Math.min(w.samples.length, Math.trunc(set.duration * sr)));
      const y = sr === set.sampleRate ? native : resample(native, { origSr: sr, targetSr: set.sampleRate }).y;
      features.push(set.extract(y));
      featureOf.push(results.length - 1);
    };
    const total = reader.frames === null ? null : reader.frames / sr;
    for (;;) {
      const block = await reader.read(sr);
      if (block.length === 0) break;
      const frames = block.length / nch;
      let mono: Float32Array;
      if (nch === 1) mono = block;
      else {
        // The float32 mean over channels, as loadAudio mixes.
        mono = new Float32Array(frames);
        for (let i = 0, b = 0; i < frames; i++, b += nch) {
          let acc = block[b];
          for (let c = 1; c < nch; c++) acc = Math.fround(acc + block[b + c]);
          mono[i] = acc / nch;
        }
      }
      for (let i = 0; i < frames; i++) {
        const v = mono[i];
        if (!Number.isFinite(v)) {
          throw new RangeError(`${reader.source}: audio is not finite at ${(cursor.samples + i) / sr} s`);
        }
        if (v < eMin) eMin = v;
        if (v > eMax) eMax = v;
        if (++eCount === envStep) {
          envMin.push(eMin);
          envMax.push(eMax);
          eMin = Infinity, eMax = -Infinity, eCount = 0;
        }
      }
      vad?.push(mono);
      for (const w of cursor.push(mono)) take(w);
      options.onProgress?.(cursor.samples / sr, total);
    }
    if (eCount > 0) envMin.push(eMin), envMax.push(eMax);
    for (const w of cursor.finish()) take(w);
    vad?.close();
    const duration = cursor.samples / sr;
    // Speaker-normalised models treat the recording as one speaker (its voiced windows); others need no groups.
    const groups = predictor.speakerNormalised && features.length >= 2 ? features.map(() => "recording") : undefined;
    const normalization = groups ? "speaker" : "global";
    if (predictor.speakerNormalised) {
      notes.push(
        groups
          ? "speaker normalisation: the whole recording is treated as one speaker (its voiced windows give the statistics); no diarisation"
          : "too few voiced windows for speaker statistics: the global fallback model was used",
      );
    }
    const preds = predictor.predictMany(features, groups);
    preds.forEach((p, k) => {
      const r = results[featureOf[k]];
      r.emotion = p.emotion;
      r.confidence = p.confidence;
      r.probabilities = p.probabilities;
    });
    if (!vad) notes.push("VAD off: every window was classified");
    const segments = mergeSegments(results, duration, options);
    const seconds = (performance.now() - t0) / 1000;
    const envelope = { rate: sr / envStep, min: Float32Array.from(envMin), max: Float32Array.from(envMax) };
    envMin = envMax = [];
    return {
      source: reader.source,
      container: reader.container,
      decoder: reader.decoder,
      duration,
      nativeSampleRate: sr,
      channels: nch,
      windowSeconds: cursor.window,
      hopSeconds: cursor.hop,
      windows: results,
      segments,
      summary: timelineSummary(segments, duration),
      envelope,
      normalization,
      notes,
      seconds,
      realtimeFactor: duration / Math.max(1e-9, seconds),
    };
  } finally {
    await reader.close();
  }
}
