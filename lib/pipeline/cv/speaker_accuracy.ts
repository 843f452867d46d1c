/**
 * Per-speaker views of a cross-validation run: each held-out speaker's accuracy in every mode, and the clips a mode got
 * wrong (to listen to). Plain data for `speakerAccuracyChart` and the notebooks' tables and audio players.
 *
 * @module
 */
import type { UseModeName } from "../../model/mod.ts";
import { rngFor, shuffle } from "../../random.ts";
import type { CvModelResult, CvPrediction } from "./cv_stage.ts";

/** One speaker's accuracy in one mode. */
export interface SpeakerAccuracy {
  speaker: string;
  corpus: string;
  mode: UseModeName;
  /** Clips scored in this mode (a speaker's enrolment clips are not scored in the enrolled mode). */
  clips: number;
  correct: number;
  /** `correct / clips`. */
  accuracy: number;
}

/**
 * Accuracy of every held-out speaker in every mode the model was scored in (speakers without a clip in a mode are left
 * out of that mode).
 *
 * @returns Rows ordered by mode, then speaker.
 * @example
 * speakerAccuracyChart(speakerAccuracy(run.results[0]));
 */
export function speakerAccuracy(result: CvModelResult): SpeakerAccuracy[] {
  const rows: SpeakerAccuracy[] = [];
  for (const mode of result.modes) {
    const bySpeaker = new Map<string, { corpus: string; clips: number; correct: number }>();
    for (const p of result.predictions) {
      const guess = p.predicted[mode];
      if (guess === null || guess === undefined) continue;
      const s = bySpeaker.get(p.speaker) ?? { corpus: p.corpus, clips: 0, correct: 0 };
      s.clips++;
      if (guess === p.truth) s.correct++;
      bySpeaker.set(p.speaker, s);
    }
    for (const [speaker, s] of [...bySpeaker].sort(([a], [b]) => a.localeCompare(b))) {
      rows.push({ speaker, corpus: s.corpus, mode, clips: s.clips, correct: s.correct, accuracy: s.correct / s.clips });
    }
  }
  return rows;
}

/**
 * Some clips a mode got wrong, picked at random (seeded) across speakers, for listening.
 *
 * @param mode The mode whose mistakes to list.
 * @param options.limit How many. Default 6.
 * @param options.seed Default 42.
 * @returns The predictions, each with the mode's wrong label in `predicted[mode]`.
 * @throws {RangeError} If the model was not scored in `mode`.
 * @example
 * for (const p of misclassifiedClips(run.results[0], "global")) display(audioPlayer(…));
 */
export function misclassifiedClips(
  result: CvModelResult,
  mode: UseModeName,
  options: { limit?: number; seed?: number } = {},
): CvPrediction[] {
  if (!result.modes.includes(mode)) {
    throw new RangeError(`${result.model} was not scored in the ${mode} mode (it was in ${result.modes.join(", ")})`);
  }
  const wrong = result.predictions.filter((p) => {
    const guess = p.predicted[mode];
    return guess !== null && guess !== undefined && guess !== p.truth;
  });
  return shuffle(wrong, rngFor(options.seed ?? 42, "misclassified")).slice(0, options.limit ?? 6);
}
