/**
 * What a model family is: its feature set, the use modes it can be trained for, its network and recipe, and how it
 * fits, predicts, and reads and writes its artifacts. Each family is one file in this folder; `registry.ts` lists them.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { FeatureSetName } from "../../features/feature_sets.ts";
import type { ModelMetadata } from "../artifacts/artifact_files.ts";
import type { UseModeName } from "../modes/mode_registry.ts";
import type { EnrolmentSpec, UseContext } from "../modes/use_mode.ts";
import type { Scaler } from "../networks/scaler.ts";
import type { EpochRecord, TrainOptions } from "../engine/train_model.ts";

/** Rows to fit on, with their labels and what is known of their speakers. */
export interface FitData {
  /** Row-major raw features `[n][dim]`. */
  x: Float32Array;
  dim: number;
  /** Class index per row. */
  y: Int32Array;
  /** Class names, in index order. */
  classes: readonly string[];
  /** Speaker per row (`""` unknown). */
  speakers: readonly string[];
  /** Gender per row. */
  genders: readonly string[];
  /** Corpus per row (`""` unknown); `--balance corpus` balances over them. Default: one unnamed corpus. */
  corpora?: readonly string[];
  /** Clip length in seconds per row (NaN unknown). */
  seconds: ArrayLike<number>;
}

/** The class balancing choices (see {@linkcode FitOptions.balance}). */
export const BALANCES = ["none", "weights", "oversample", "corpus"] as const;
/** One of {@linkcode BALANCES}. */
export type Balance = typeof BALANCES[number];

/** The domain adversaries (see {@linkcode FitOptions.adversary}). */
export const ADVERSARIES = ["none", "speaker", "corpus"] as const;
/** One of {@linkcode ADVERSARIES}. */
export type Adversary = typeof ADVERSARIES[number];
/** The adversary's final gradient-reversal weight λ unless told otherwise. */
export const DEFAULT_ADVERSARY_WEIGHT = 0.3;

/** Options of {@linkcode ModelFamily.fit}. */
export interface FitOptions {
  /** Modes to train (`global` is always trained). Default: the family's `defaultModes`. */
  modes?: readonly UseModeName[];
  /** Enrolment settings for the enrolled mode. Default {@linkcode DEFAULT_ENROLMENT}. */
  enrolment?: EnrolmentSpec;
  seed: number;
  /** Maximum epochs (default: the family's recipe). */
  epochs?: number;
  /** Train the gender model when both genders occur in training. Default true. */
  gender?: boolean;
  /** Called after each epoch of the global model's first member. */
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
  /** Called at each new best val_accuracy of the global model's first member (single-member families checkpoint here). */
  onBestAccuracy?: (model: tf.LayersModel) => void | Promise<void>;
  /** Notes (speakers without reference clips, …). Default: none. */
  log?: (message: string) => void;
  /**
   * Class balancing: `none` (default); `oversample` (every label's training rows drawn again at random, seeded, up to
   * the most frequent label's count: any learner); `weights` (each row weighted n / (K · n_label), scikit-learn's
   * `class_weight="balanced"`: learners that take weights, i.e. `logreg`); `corpus` (as many rows as there were,
   * drawn equally from every (corpus, label) cell present, seeded, with replacement where a cell is small: no corpus's
   * size or label mix dominates; any learner).
   */
  balance?: Balance;
  /**
   * A domain adversary on the network's last hidden block, trained through gradient reversal (Ganin & Lempitsky
   * 2015): `speaker` or `corpus` — a head learns to tell the training row's speaker (or corpus) from the
   * representation, and the representation is pushed the other way, so that it keeps what voices (or corpora) share.
   * The head is dropped after training: prediction, artifacts and exports are unchanged. Networks trained by epochs
   * only (not the convex learners). Default `none`.
   */
  adversary?: Adversary;
  /** The adversary's final gradient-reversal weight λ (≥ 0). Default {@linkcode DEFAULT_ADVERSARY_WEIGHT}. */
  adversaryWeight?: number;
}

/** A model and the scaler its inputs go through. */
export interface ScaledModel {
  model: tf.LayersModel;
  scaler: Scaler;
}

/** A fitted family: one model per trained mode, the gender model, and the training curve of the global model. */
export interface FittedFamily {
  family: ModelFamily;
  /** The models by mode; `global` is always there. */
  modes: { global: ScaledModel } & { [M in UseModeName]?: ScaledModel };
  /** How the enrolled mode was trained, when it was. */
  enrolment: EnrolmentSpec | null;
  /** Female/male from globally scaled rows, when trained. */
  gender: (ScaledModel & { classes: string[] }) | null;
  /** The global model's first member's history and kept epoch (0-based). */
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** What training noted (e.g. speakers without reference clips). */
  notes: string[];
}

/** Class probabilities per row, and the mode that answered each (a mode falls back to global where it cannot serve). */
export interface RowPrediction {
  /** Row-major `[n][classes]`. */
  probabilities: Float32Array;
  modeUsed: UseModeName[];
  notes: string[];
  /** Per row, the enrolment's weight in its answer (`enrolmentWeight`; enrolled rows only, else null). */
  enrolmentWeights?: (number | null)[];
}

/** A model family. */
export interface ModelFamily {
  /** Its name in `--model`, metadata and outputs. */
  name: string;
  /** Other names `--model` accepts. */
  aliases: readonly string[];
  /** The feature set its models take. */
  featureSet: FeatureSetName;
  /** One line for logs, reports and metadata. */
  description: string;
  /** The modes it can be trained for. */
  modes: readonly UseModeName[];
  /** The modes trained unless asked otherwise. */
  defaultModes: readonly UseModeName[];
  /** Seeds averaged into one ensemble model per mode. */
  members: number;
  /** The training recipe (the caller adds seed and callbacks). */
  recipe: Pick<TrainOptions, "epochs" | "batchSize" | "learningRate" | "patience" | "lrPatience" | "minLr">;
  /**
   * Epochs when nothing is held out to stop on (`train --split none`): the median best epoch measured by `cv` for this
   * family (README, "Models").
   */
  finalEpochs: number;
  /**
   * Augmented copies of every training clip (`augmentationPlan`: voice, noise, and a level from −30 to +6 dB) unless
   * the caller asks for another number (`train --augment N`, `cv --augment N`).
   */
  defaultAugment: number;
  /**
   * Whether training stops early on held-out validation speakers (the networks). A family fitted by a solver to its
   * optimum (`logreg`) has nothing to stop: cross-validation then trains it on every training speaker.
   */
  earlyStopping: boolean;
  /** Build one (untrained) member. */
  build(inputDim: number, numClasses: number): tf.Sequential;
  /**
   * The same learner on another feature set, named `NAME@SET` (`svm@mfcc`): for learners that take any feature vector
   * (absent for families tied to their set's layout, e.g. feature views).
   */
  withFeatureSet?(set: FeatureSetName): ModelFamily;
  /**
   * Fit the family on the training rows (scalers on them only; early stopping on the validation rows): one model per
   * mode, and the gender model.
   *
   * @throws {Error} If a mode needs speakers and a row has none, or a mode is not one the family supports.
   */
  fit(data: FitData, train: readonly number[], val: readonly number[], options: FitOptions): Promise<FittedFamily>;
  /**
   * Predict raw feature rows in a mode; rows the mode cannot serve (no group, no enrolment) go to the global model.
   *
   * @throws {ModeError} If the fitted family was not trained for `mode`.
   */
  predict(fitted: FittedFamily, x: Float32Array, mode: UseModeName, context?: UseContext): RowPrediction;
  /** Gender probabilities per row (female, male), or null when there is no gender model. */
  predictGender(fitted: FittedFamily, x: Float32Array): Float32Array | null;
  /** Write the models and scalers into an artifacts folder (metadata and labels are written by the caller). */
  save(dir: string, fitted: FittedFamily, options?: { best?: tf.LayersModel }): Promise<void>;
  /**
   * Read what {@linkcode ModelFamily.save} wrote (or an older run's layout), checked against the metadata.
   *
   * @throws {ArtifactError} If files are missing or inconsistent.
   */
  load(dir: string, metadata: ModelMetadata, options?: { which?: "model" | "best" }): Promise<FittedFamily>;
  /** Release the tensors. */
  dispose(fitted: FittedFamily): void;
}

/** A mode asked of a model that was not trained for it. */
export class ModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModeError";
  }
}

/**
 * A fitted family holding one global model and nothing else (an imported or hand-built model).
 *
 * @example
 * const fitted = globalOnly(ORIGINAL_MLP, { model, scaler });
 */
export function globalOnly(family: ModelFamily, global: ScaledModel, bestEpoch = 0): FittedFamily {
  return {
    family,
    modes: { global },
    enrolment: null,
    gender: null,
    history: [],
    bestEpoch,
    stoppedEarly: false,
    notes: [],
  };
}
