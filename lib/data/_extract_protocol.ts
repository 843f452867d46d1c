/**
 * Private: the messages between {@linkcode ExtractionPool} and its worker (`_extract_worker.ts`), one discriminated
 * union each way, so neither side guesses a job's kind from which fields happen to be present.
 *
 * @module
 */
import type { AugmentPlanName } from "./augment.ts";
import type { FeatureSetName } from "../features/feature_sets.ts";

/** A training augmentation of a clip: `augmentationPlan(seed, path, copy)`, babble mixed from these paths. */
export interface AugmentSpec {
  seed: number;
  copy: number;
  babble: string[];
  /** The plan (`augmentationPlan`). Default `level`. */
  plan?: AugmentPlanName;
}

/** Length limits checked on an upload before its features are computed. */
export interface UploadLimits {
  minSeconds: number;
  maxSeconds: number;
}

/** A job for the worker. Every kind names the feature set to compute. */
export type ExtractJob =
  /** A file on disk, loaded as training loads it (the first `duration` seconds at the set's rate), maybe augmented. */
  | { kind: "clip"; id: number; featureSet: FeatureSetName; path: string; duration: number; augment?: AugmentSpec }
  /** An upload's bytes, decoded in memory, length-checked, then the model's window of it. */
  | { kind: "upload"; id: number; featureSet: FeatureSetName; bytes: Uint8Array; source: string; limits: UploadLimits }
  /** Raw mono samples at `rate` (a live window): the set's window of them, resampled. */
  | { kind: "samples"; id: number; featureSet: FeatureSetName; samples: Float32Array; rate: number }
  /** An enrolment recording's bytes: its voiced vectors' mean (`enrolmentVectors`), length-checked. */
  | { kind: "enrol"; id: number; featureSet: FeatureSetName; bytes: Uint8Array; source: string; limits: UploadLimits };

/**
 * Why a job failed: the audio could not be read, it is too short or too long, it holds no speech (an enrolment), or
 * something else went wrong.
 */
export type ExtractErrorCode = "undecodable" | "too_short" | "too_long" | "no_speech" | "error";

/** The worker's answer to one job. */
export type ExtractReply =
  | {
    id: number;
    ok: true;
    /** The features (for an enrolment: the mean of its vectors). */
    features: Float32Array;
    /** The recording's length (for an enrolment: the seconds of speech behind the mean). */
    totalSeconds: number | null;
    /** Vectors averaged (enrolments). */
    count?: number;
  }
  | { id: number; ok: false; code: ExtractErrorCode; message: string };
