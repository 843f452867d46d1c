/**
 * The predictor's types: what a loaded model offers (`Predictor`), what it takes (`PredictInput`, `PredictContext`) and
 * what a batch returns (`BatchRow`). A leaf: it imports types only, so the modules that build and use a predictor
 * (`load_predictor.ts`, `predict_batch.ts`, `enrolment.ts`, `timeline.ts`) never import each other in a circle.
 *
 * @module
 */
import type { LoadedAudio } from "../audio/load_audio.ts";
import type { FeatureSet } from "../features/feature_sets.ts";
import type { Enrolment, ModelFamily, ModelMetadata, UseContext, UseModeName } from "../model/mod.ts";
import type { Prediction } from "./prediction.ts";

/** A row of a batch prediction: a file and its prediction, or the reason it failed. */
export type BatchRow = { file: string; error: null } & Prediction | { file: string; error: string };

/** What is known of the speakers behind a batch's files. */
export interface SpeakerGrouping {
  /** The speaker of each file: `folder` (each folder is one speaker) or a map of file path → speaker id. */
  by?: "folder" | ReadonlyMap<string, string>;
  /** Recordings of the everyday voice of the one person behind every file without a speaker of its own. */
  enrol?: readonly string[];
  /** Recordings of each speaker's everyday voice (speaker id → files), for files whose speaker `by` names. */
  enrolMap?: ReadonlyMap<string, readonly string[]>;
  /** The mode. Default: `enrolled` with `enrol`/`enrolMap`, `transductive` with `by` alone, else `global`. */
  mode?: UseModeName;
}

/** Audio to predict: a path, a file's bytes, or raw samples with their rate. */
export type PredictInput = string | Uint8Array | { y: Float32Array; sampleRate: number };

/** The mode and what it needs: speaker groups (transductive) or enrolments (enrolled), one per row. */
export interface PredictContext extends UseContext {
  /** Default: `enrolled` when enrolments are given, `transductive` when groups are, else `global`. */
  mode?: UseModeName;
}

/** A loaded model with everything needed to go from audio to emotions. */
export interface Predictor {
  /** Class names in the model's output order. */
  readonly classes: string[];
  /** The run's metadata (data source, test accuracy, family, feature set, modes, …). */
  readonly metadata: ModelMetadata;
  readonly family: ModelFamily;
  /** The feature set the model takes. */
  readonly featureSet: FeatureSet;
  /** The modes the model was trained for (`global` always). */
  readonly modes: readonly UseModeName[];
  /** Set when the model was trained on the synthetic demo corpus, saying so and what to do. */
  readonly synthetic: string | null;
  /**
   * Predict one recording, loaded as in training (the feature set's rate and window): globally, or with
   * `options.enrolment` in the enrolled mode, or with `options.speakerFeatures` (other clips of the same speaker, see
   * {@linkcode Predictor.features}) in the transductive mode.
   *
   * @throws {AudioDecodeError | AudioValueError} If the audio cannot be read; {RangeError} if samples lack a rate;
   *   {ModeError} if the model was not trained for the mode asked.
   */
  predict(
    input: PredictInput,
    options?: { enrolment?: Enrolment; speakerFeatures?: readonly Float32Array[] },
  ): Promise<Prediction>;
  /** The feature vector of a recording, as the model takes it before scaling. */
  features(input: PredictInput): Promise<Float32Array>;
  /** An enrolment from feature vectors of the speaker's everyday voice, and the seconds of audio behind them. */
  enrol(vectors: readonly Float32Array[], seconds: number): Enrolment;
  /** Predict one unscaled feature vector. */
  predictFeatures(features: Float32Array, context?: PredictContext): Prediction;
  /** Predict many unscaled feature vectors in one mode (groups or enrolments per vector). */
  predictMany(features: readonly Float32Array[], context?: PredictContext): Prediction[];
  /**
   * Predict files, folders and globs in parallel (one worker per core by default). Files that fail become rows with
   * their error; the batch goes on. `speakers` gives groups (transductive) or enrolments (enrolled).
   */
  predictBatch(
    inputs: readonly string[],
    options?: { workers?: number; onProgress?: (done: number, total: number) => void; speakers?: SpeakerGrouping },
  ): Promise<BatchRow[]>;
  /** Load audio and return it with its features and prediction (for the audio-analysis chart). */
  analyse(input: PredictInput): Promise<{ audio: LoadedAudio; features: Float32Array; prediction: Prediction }>;
}
