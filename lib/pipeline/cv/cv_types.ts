/**
 * The results of a cross-validation, fold by fold and model by model: a leaf of types, so that the modules that
 * compute them (`cv_stage.ts`) and those that read them (`cv_uncertainty.ts`, `cv_outputs.ts`) share one definition
 * without importing each other in a circle.
 *
 * @module
 */
import type { FeatureValue } from "../../charts/mod.ts";
import type { FoldScores, GroupImportance, Interval, PredictionBalance } from "../../eval/mod.ts";
import type { UseModeName } from "../../model/mod.ts";

/** One mode's outcome on one fold. */
export interface CvModeResult {
  scores: FoldScores | null;
  confusion: number[][];
  /** How the answers spread over the labels against the truth, with a warning when they collapse. */
  balance: PredictionBalance;
  scored: number;
  /** Clips the global model answered because the mode could not serve them. */
  fallback: number;
  enrolmentClips: number;
}

/** One fold's outcome for one model. */
export interface CvFoldResult {
  fold: number;
  /** The held-out speakers, or the test corpus. */
  name: string;
  /** Test clips. */
  n: number;
  /** Training clips (augmented copies included) and validation speakers (none: fixed epochs). */
  trainClips: number;
  valSpeakers: string[];
  modes: Partial<Record<UseModeName, CvModeResult>>;
  /** Gender accuracy on the test clips, when a gender model was trained. */
  genderAccuracy: number | null;
  /** With `explain`: each feature group's UA drop when shuffled on the held-out clips (global mode). */
  importance?: GroupImportance[];
  /** What training noted (e.g. training speakers without reference clips for the enrolled mode). */
  notes: string[];
  /** Epochs run, and the epoch kept (1-based) of the global model. */
  epochs: number;
  bestEpoch: number;
  seconds: number;
}

/** One mode over all folds. */
export interface CvModeSummary {
  wa: { mean: number; sd: number };
  ua: { mean: number; sd: number };
  f1: { mean: number; sd: number };
  /** Confusion matrix summed over folds (rows true). */
  confusion: number[][];
  /** Folds that scored this mode. */
  folds: number;
  /** The fold (for `corpus`, the held-out corpus) with the lowest UA: what an unlucky user gets. */
  worst: { fold: string; ua: number };
  /** UA's 95 % interval from a bootstrap over speakers within folds (`cv_uncertainty.ts`). */
  uaInterval?: Interval;
}

/** A test clip's label and each mode's prediction (class names; null where a mode did not score it). */
export interface CvPrediction {
  path: string;
  corpus: string;
  speaker: string;
  fold: string;
  truth: string;
  predicted: Partial<Record<UseModeName, string | null>>;
}

/** One model's results over all folds. */
export interface CvModelResult {
  model: string;
  modes: UseModeName[];
  augment: number;
  /** The domain adversary the folds were trained against (`speaker`, `corpus`; absent: none). */
  adversary?: string;
  folds: CvFoldResult[];
  summary: Partial<Record<UseModeName, CvModeSummary>>;
  genderAccuracy: { mean: number; sd: number } | null;
  /** With `explain`: each group's importance, mean ± sd over folds, most important first. */
  importance?: GroupImportance[];
  /** With `explain`: the most telling column of the three most important groups, per label, on every tested clip. */
  topFeatures?: FeatureValue[];
  predictions: CvPrediction[];
  notes: string[];
  seconds: number;
}
