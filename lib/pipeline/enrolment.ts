/**
 * Enrolment: a short recording of a speaker's everyday voice becomes the small vector the enrolled mode centres their
 * clips on. Clips of up to {@linkcode ENROL_CLIP_SECONDS} are one vector each; a longer recording is cut into 3 s
 * windows every 1.5 s and its voiced windows are the vectors — so a 10 s reading looks like the few short clips each
 * training speaker was enrolled with.
 *
 * @module
 */
import { resample } from "../audio/resample.ts";
import type { FeatureSet } from "../features/feature_sets.ts";
import type { Enrolment } from "../model/mod.ts";
import type { Predictor } from "./predictor.ts";
import { scanRecording } from "./recording_windows.ts";

/** Recordings up to this long (seconds) are one enrolment vector; longer ones are windowed. */
export const ENROL_CLIP_SECONDS = 5;

/** An enrolment and what it was made of. */
export interface EnrolmentResult extends Enrolment {
  /** Recordings read, and windows or clips of voiced speech averaged. */
  recordings: number;
  /** Recordings that gave no voiced speech, with why. */
  skipped: { source: string; reason: string }[];
}

/** Features of mono samples at `rate` for the feature set (its window of them, resampled), as `predict` loads a clip. */
export function featuresOfSamples(set: FeatureSet, y: Float32Array, rate: number): Float32Array {
  const native = y.subarray(0, Math.trunc(set.duration * rate));
  return set.extract(rate === set.sampleRate ? native : resample(native, { origSr: rate, targetSr: set.sampleRate }).y);
}

/** The voiced vectors of one recording and the seconds of audio behind them. */
async function vectorsOf(set: FeatureSet, input: string | Uint8Array, source: string) {
  const windows: { samples: Float32Array; voiced: boolean; seconds: number }[] = [];
  let whole: Float32Array[] = [];
  const info = await scanRecording(input, {
    window: 3,
    hop: 1.5,
    source,
    onBlock: (mono) => whole.length < 64 && whole.push(mono.slice()),
  }, (w) => {
    windows.push({ samples: w.samples, voiced: w.voiced, seconds: w.end - w.start });
  });
  if (info.duration <= ENROL_CLIP_SECONDS) {
    const y = new Float32Array(whole.reduce((n, b) => n + b.length, 0));
    whole.reduce((at, b) => (y.set(b, at), at + b.length), 0);
    whole = [];
    const voiced = windows.some((w) => w.voiced);
    return voiced ? { vectors: [featuresOfSamples(set, y, info.sampleRate)], seconds: info.duration } : null;
  }
  const voiced = windows.filter((w) => w.voiced);
  if (!voiced.length) return null;
  return {
    vectors: voiced.map((w) => featuresOfSamples(set, w.samples, info.sampleRate)),
    seconds: Math.min(info.duration, voiced.length * 1.5 + 1.5),
  };
}

/**
 * Enrol a speaker from recordings of their everyday voice (paths or bytes, any format the loader reads).
 *
 * @param predictor The model the enrolment is for (its feature set).
 * @param inputs One or more recordings of the same person; about 10 s of speech in all is enough.
 * @throws {RangeError} If no recording holds voiced speech; {AudioDecodeError} if one cannot be decoded.
 * @example
 * const enrolment = await enrolFromRecordings(predictor, ["me_reading.wav"]);
 * await predictor.predict("me_angry.wav", { enrolment });
 */
export async function enrolFromRecordings(
  predictor: Pick<Predictor, "featureSet" | "enrol">,
  inputs: readonly (string | Uint8Array)[],
  options: { sources?: readonly string[] } = {},
): Promise<EnrolmentResult> {
  const vectors: Float32Array[] = [], skipped: EnrolmentResult["skipped"] = [];
  let seconds = 0;
  for (const [i, input] of inputs.entries()) {
    const source = options.sources?.[i] ?? (typeof input === "string" ? input : `<enrolment ${i + 1}>`);
    const r = await vectorsOf(predictor.featureSet, input, source);
    if (!r) {
      skipped.push({ source, reason: "no voiced speech found" });
      continue;
    }
    vectors.push(...r.vectors);
    seconds += r.seconds;
  }
  if (!vectors.length) {
    throw new RangeError(
      `no voiced speech in the enrolment recording${inputs.length > 1 ? "s" : ""} (${
        skipped.map((s) => s.source).join(", ")
      }): record about 10 s of your everyday voice`,
    );
  }
  return { ...predictor.enrol(vectors, seconds), recordings: inputs.length, skipped };
}
