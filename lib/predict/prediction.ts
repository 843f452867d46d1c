/**
 * One prediction as `predict`, the server and timelines report it, and how a model's output row becomes one.
 *
 * @module
 */
import type { UseModeName } from "../model/mod.ts";

/** One prediction. */
export interface Prediction {
  /** The most probable class. */
  emotion: string;
  /** Its probability, 0–1. */
  confidence: number;
  /** Probability of every class, in label order. */
  probabilities: Record<string, number>;
  /** The predicted gender and its probability, when the model has a gender head. */
  gender?: { label: string; confidence: number };
  /**
   * The use mode that answered: `global` (the clip alone), `enrolled` (centred on the speaker's enrolment) or
   * `transductive` (normalised with the other clips of its speaker group).
   */
  mode: UseModeName;
  /** The speaker group used (transductive), or the enrolled speaker, when there was one. */
  speakerGroup?: string;
  /**
   * In the enrolled mode, the enrolment's weight in the answer (`min(1, enrolment seconds / 10)`; the rest is the
   * global model's answer).
   */
  enrolmentWeight?: number;
  /** Why a mode fell back to the global model, or what to keep in mind about the answer. */
  note?: string;
  /** Seconds of the recording the model read (the first 3 s for the seed's features). */
  usedSeconds?: number;
  /** The whole recording's length in seconds, when known. */
  durationSeconds?: number;
  /** Set when the recording is longer than what the model reads, e.g. `used the first 3.0 s of 600.0 s`. */
  truncated?: string;
  /** Set when the model was trained on the synthetic demo corpus: its answers say nothing about real voices. */
  synthetic?: string;
}

/**
 * A prediction from one row of class probabilities (and gender probabilities, female then male).
 *
 * @example
 * toPrediction(["angry", "sad"], [0.2, 0.8], null, "global"); // { emotion: "sad", confidence: 0.8, … }
 */
export function toPrediction(
  classes: readonly string[],
  p: ArrayLike<number>,
  gender: { probabilities: ArrayLike<number>; classes: readonly string[] } | null,
  mode: UseModeName,
): Prediction {
  let best = 0;
  for (let c = 1; c < classes.length; c++) if (p[c] > p[best]) best = c;
  const out: Prediction = {
    emotion: classes[best],
    confidence: p[best],
    probabilities: Object.fromEntries(classes.map((c, i) => [c, p[i]])),
    mode,
  };
  if (gender) {
    const g = gender.probabilities, m = g[1] > g[0] ? 1 : 0;
    out.gender = { label: gender.classes[m], confidence: g[m] };
  }
  return out;
}

/**
 * Note a recording's length, and say when it is longer than what the model reads.
 *
 * @example
 * withLength(p, 600, 3).truncated; // "used the first 3.0 s of 600.0 s (predict --timeline for the whole recording)"
 */
export function withLength(p: Prediction, total: number | null | undefined, readSeconds: number): Prediction {
  if (total === null || total === undefined) return p;
  const out = { ...p, usedSeconds: Math.min(total, readSeconds), durationSeconds: total };
  if (total > readSeconds + 1e-6) {
    out.truncated = `used the first ${readSeconds.toFixed(1)} s of ${
      total.toFixed(1)
    } s (predict --timeline for the whole recording)`;
  }
  return out;
}
