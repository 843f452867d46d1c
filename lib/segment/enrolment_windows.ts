/**
 * The feature vectors of an enrolment recording: a clip of up to {@linkcode ENROL_CLIP_SECONDS} is one vector; a
 * longer recording is cut into 3 s windows every 1.5 s and its voiced windows are the vectors, so a 10 s reading
 * looks like the few short clips each training speaker was enrolled with.
 *
 * @module
 */
import { type FeatureSet, featuresOfSamples } from "../features/feature_sets.ts";
import { scanRecording } from "./scan_recording.ts";

/** Recordings up to this long (seconds) are one enrolment vector; longer ones are windowed. */
export const ENROL_CLIP_SECONDS = 5;

/**
 * The voiced vectors of one recording and the seconds of speech behind them, or null when it holds no voiced speech.
 *
 * @param options.maxSeconds Decode at most this much (default: all).
 * @throws {AudioDecodeError} If the recording cannot be decoded.
 * @example
 * const r = await enrolmentVectors(FEATURE_SETS.pooled, "me_reading.wav");
 */
export async function enrolmentVectors(
  set: FeatureSet,
  input: string | Uint8Array,
  options: { source?: string; maxSeconds?: number } = {},
): Promise<{ vectors: Float32Array[]; seconds: number; duration: number } | null> {
  const windows: { samples: Float32Array; voiced: boolean }[] = [];
  const head: Float32Array[] = [];
  let rate = 0, kept = 0;
  const info = await scanRecording(input, {
    window: 3,
    hop: 1.5,
    source: options.source,
    maxSeconds: options.maxSeconds,
    onOpen: (f) => (rate = f.sampleRate),
    onBlock: (mono) => {
      // The first ENROL_CLIP_SECONDS are kept whole in case the recording is a short clip.
      if (kept < ENROL_CLIP_SECONDS * rate) head.push(mono.slice()), kept += mono.length;
    },
  }, (w) => {
    windows.push({ samples: w.samples, voiced: w.voiced });
  });
  if (info.duration <= ENROL_CLIP_SECONDS) {
    if (!windows.some((w) => w.voiced)) return null;
    const y = new Float32Array(head.reduce((n, b) => n + b.length, 0));
    head.reduce((at, b) => (y.set(b, at), at + b.length), 0);
    return { vectors: [featuresOfSamples(set, y, rate)], seconds: info.duration, duration: info.duration };
  }
  const voiced = windows.filter((w) => w.voiced);
  if (!voiced.length) return null;
  return {
    vectors: voiced.map((w) => featuresOfSamples(set, w.samples, rate)),
    seconds: Math.min(info.duration, voiced.length * 1.5 + 1.5),
    duration: info.duration,
  };
}
