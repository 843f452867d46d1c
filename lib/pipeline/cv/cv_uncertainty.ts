/**
 * Uncertainty on cross-validation results: each model and mode's UA with its 95 % interval from a bootstrap over
 * speakers within folds (the headline is a mean over folds, so each resample's is too), and each further model
 * compared with the first on the clips both scored (the difference in UA, its interval and a paired p-value).
 *
 * @module
 */
import { bootstrapUa, type Interval, pairedComparison, type ScoredClip } from "../../eval/mod.ts";
import type { UseModeName } from "../../model/mod.ts";
import type { CvModelResult as CvResult, CvPrediction as CvClip } from "./cv_types.ts";

/** What the bootstrap reads of a test clip's predictions. */
type CvPrediction = Pick<CvClip, "path" | "speaker" | "fold" | "truth" | "predicted">;

/** What the bootstrap reads of a model's results: its clips, and which folds scored each mode. */
type CvModelResult = Pick<CvResult, "model" | "modes"> & {
  predictions: readonly CvPrediction[];
  // Only whether a fold scored a mode is read (`scores` set or null).
  folds: readonly { name: string; modes: Partial<Record<UseModeName, { scores: unknown } | undefined>> }[];
};
/**
 * The folds that scored a mode: the headline mean is over these, so the bootstrap is too (a fold whose clips were all
 * answered by the global model for want of enrolments is left out of both).
 */
function scoredFolds(r: CvModelResult, mode: UseModeName): Set<string> {
  return new Set(r.folds.filter((f) => f.modes[mode]?.scores).map((f) => f.name));
}

/** A model and mode compared with the first model in the same mode. */
export interface CvComparison {
  mode: UseModeName;
  /** The reference (the first model) and the compared model. */
  a: string;
  b: string;
  /** UA of each on the clips both scored, the difference b − a with its interval, and the p-value. */
  uaA: number;
  uaB: number;
  difference: Interval;
  p: number;
  clips: number;
}

/** A mode's scored clips from a model's predictions (clips it did not score left out). */
function scored(predictions: readonly CvPrediction[], mode: UseModeName, classes: readonly string[]): ScoredClip[] {
  return predictions.flatMap((p) => {
    const label = p.predicted[mode];
    if (label === null || label === undefined) return [];
    return [{ speaker: p.speaker, fold: p.fold, truth: classes.indexOf(p.truth), predicted: classes.indexOf(label) }];
  });
}

/** Each mode's UA interval for a model (95 %, 1,000 speaker resamples, seed 42). */
export function modeIntervals(r: CvModelResult, classes: readonly string[]): Partial<Record<UseModeName, Interval>> {
  return Object.fromEntries(r.modes.flatMap((m) => {
    const folds = scoredFolds(r, m);
    const clips = scored(r.predictions.filter((p) => folds.has(p.fold)), m, classes).filter((c) => c.truth >= 0);
    return clips.length ? [[m, bootstrapUa(clips, classes.length)]] : [];
  }));
}

/** Every further model against the first, mode by mode, on the clips both scored. */
export function compareModels(results: readonly CvModelResult[], classes: readonly string[]): CvComparison[] {
  const [first, ...rest] = results;
  const out: CvComparison[] = [];
  for (const r of rest) {
    for (const m of r.modes.filter((m) => first.modes.includes(m))) {
      const key = (p: CvPrediction) => `${p.fold}\u0000${p.path}`;
      const theirs = new Map(r.predictions.map((p) => [key(p), p]));
      const folds = scoredFolds(first, m), theirFolds = scoredFolds(r, m);
      const both = first.predictions.filter((p) =>
        folds.has(p.fold) && theirFolds.has(p.fold) && p.predicted[m] != null &&
        theirs.get(key(p))?.predicted[m] != null && classes.includes(p.truth)
      );
      if (!both.length) continue;
      const a = scored(both, m, classes), b = scored(both.map((p) => theirs.get(key(p))!), m, classes);
      const c = pairedComparison(a, b, classes.length);
      out.push({
        mode: m,
        a: first.model,
        b: r.model,
        uaA: c.a,
        uaB: c.b,
        difference: c.difference,
        p: c.p,
        clips: a.length,
      });
    }
  }
  return out;
}
