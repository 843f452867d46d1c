/**
 * Score a fitted family on test clips in every mode it was trained for, as a user would meet each mode:
 * - `global`: every clip alone;
 * - `enrolled`: each test speaker enrolled with about `enrolment.seconds` of their reference-label clips (a seeded
 *   draw), which are then not scored; the speaker's other clips are centred on that enrolment;
 * - `transductive`: each test speaker's clips normalised together by their own statistics.
 * A clip a mode cannot serve (a speaker with no reference clip, or alone in its group) is answered by the global
 * model, as the predictor would, and counted in `fallback`.
 *
 * @module
 */
import { argmaxRows, confusionMatrix, type FoldScores, foldScores } from "../../eval/mod.ts";
import {
  type Enrolment,
  enrolmentOf,
  type EnrolmentSpec,
  type FittedFamily,
  MAX_ENROLMENT_WEIGHT,
  USE_MODE_NAMES,
  type UseModeName,
} from "../../model/mod.ts";
import { rngFor } from "../../random.ts";
import { pickEnrolment } from "../../model/modes/enrolled.ts";

/** Test clips and what is known of them. */
export interface ScoringRows {
  /** Row-major raw features of every row `[n][dim]`. */
  x: Float32Array;
  dim: number;
  /** Class index per row. */
  y: Int32Array;
  classes: readonly string[];
  /** Speaker per row. */
  speakers: readonly string[];
  /** Clip length in seconds per row (NaN unknown). */
  seconds: ArrayLike<number>;
}

/** One mode's outcome on the test clips. */
export interface ModeScore {
  mode: UseModeName;
  /** WA, UA, macro F1 over the scored clips (null when none could be scored). */
  scores: FoldScores | null;
  /** Confusion matrix of the scored clips (rows true). */
  confusion: number[][];
  /** Clips scored, and of them those the global model answered because the mode could not serve them. */
  scored: number;
  fallback: number;
  /** Clips used as enrolments (not scored). */
  enrolmentClips: number;
  /** Predicted class per test row, −1 where not scored (enrolment clips). */
  predicted: Int32Array;
  notes: string[];
}

/** Options of {@linkcode scoreModes}. */
export interface ScoreModesOptions {
  /** Reference label and seconds for enrolments. */
  enrolment: EnrolmentSpec;
  /** Seed of the enrolment draws. */
  seed: number;
}

/** Each test speaker's enrolment rows: reference-label clips up to the seconds, in a seeded draw. */
export function testEnrolments(
  rows: ScoringRows,
  test: readonly number[],
  options: ScoreModesOptions,
  featureSet: string,
): { bySpeaker: Map<string, Enrolment>; enrolmentRows: Set<number> } {
  const ref = rows.classes.indexOf(options.enrolment.label);
  const bySpeaker = new Map<string, Enrolment>(), enrolmentRows = new Set<number>();
  if (ref < 0) return { bySpeaker, enrolmentRows };
  const speakers = [...new Set(test.map((r) => rows.speakers[r]).filter(Boolean))].sort();
  for (const s of speakers) {
    const candidates = test.filter((r) => rows.speakers[r] === s && rows.y[r] === ref);
    if (!candidates.length) continue;
    const pick = pickEnrolment(
      candidates,
      rows.seconds,
      options.enrolment.seconds,
      rngFor(options.seed, `test-enrol:${s}`),
    );
    const seconds = pick.reduce((t, r) => t + (Number.isFinite(rows.seconds[r]) ? rows.seconds[r] : 3), 0);
    bySpeaker.set(
      s,
      enrolmentOf(featureSet, pick.map((r) => rows.x.subarray(r * rows.dim, (r + 1) * rows.dim)), seconds),
    );
    for (const r of pick) enrolmentRows.add(r);
  }
  return { bySpeaker, enrolmentRows };
}

function take(x: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(x.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

/** Score one mode on the given test rows (the enrolled mode leaves its enrolment rows out). */
function scoreMode(
  fitted: FittedFamily,
  rows: ScoringRows,
  test: readonly number[],
  mode: UseModeName,
  enrol: ReturnType<typeof testEnrolments>,
): ModeScore {
  const K = rows.classes.length;
  const scored = mode === "enrolled" ? test.filter((r) => !enrol.enrolmentRows.has(r)) : [...test];
  const context = mode === "enrolled"
    ? { enrolments: scored.map((r) => enrol.bySpeaker.get(rows.speakers[r]) ?? null) }
    : mode === "transductive"
    ? { groups: scored.map((r) => rows.speakers[r] || null) }
    : {};
  const p = fitted.family.predict(fitted, take(rows.x, rows.dim, scored), mode, context);
  const pred = argmaxRows(p.probabilities, K);
  const predicted = new Int32Array(test.length).fill(-1);
  const at = new Map(test.map((r, i) => [r, i]));
  scored.forEach((r, k) => (predicted[at.get(r)!] = pred[k]));
  const fallback = p.modeUsed.filter((m) => m !== mode).length;
  const confusion = confusionMatrix(Int32Array.from(scored, (r) => rows.y[r]), pred, K);
  const notes = [...p.notes];
  const weights = (p.enrolmentWeights ?? []).filter((w): w is number => w !== null && w < MAX_ENROLMENT_WEIGHT);
  if (weights.length) {
    notes.push(
      `${weights.length} clips' enrolments were under 10 s: their answers leaned on the global model (enrolment weight ` +
        `${Math.min(...weights).toFixed(2)}–${Math.max(...weights).toFixed(2)})`,
    );
  }
  if (mode === "enrolled" && enrol.bySpeaker.size === 0) {
    notes.push("no test speaker has reference-label clips: every clip was answered by the global model");
  }
  return {
    mode,
    scores: scored.length && fallback < scored.length ? foldScores(confusion) : null,
    confusion,
    scored: scored.length,
    fallback,
    enrolmentClips: mode === "enrolled" ? test.length - scored.length : 0,
    predicted,
    notes,
  };
}

/**
 * Score every mode the fitted family has on `test` rows (indices into `rows`).
 *
 * @example
 * const [global, enrolled] = scoreModes(fitted, rows, testRows, { enrolment: DEFAULT_ENROLMENT, seed: 42 });
 */
export function scoreModes(
  fitted: FittedFamily,
  rows: ScoringRows,
  test: readonly number[],
  options: ScoreModesOptions,
): ModeScore[] {
  const modes = USE_MODE_NAMES.filter((m) => fitted.modes[m]);
  const enrol = modes.includes("enrolled")
    ? testEnrolments(rows, test, options, fitted.family.featureSet)
    : { bySpeaker: new Map(), enrolmentRows: new Set<number>() };
  return modes.map((m) => scoreMode(fitted, rows, test, m, enrol));
}
