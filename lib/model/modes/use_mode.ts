/**
 * What a use mode is: how much a model may know of the speaker behind the clips it predicts, and so how the features
 * of training and of use are normalised. The modes themselves are `global.ts`, `enrolled.ts` and `transductive.ts`;
 * `registry.ts` lists them.
 *
 * @module
 */

/** The training side's rows, with what a mode may know of their speakers. */
export interface TrainingRows {
  /** Row-major features `[n][dim]`, as extracted. */
  x: Float32Array;
  dim: number;
  /** Speaker per row (`""` when unknown). */
  speakers: readonly string[];
  /** Class name per row. */
  labels: readonly string[];
  /** Clip length in seconds per row (NaN when unknown). */
  seconds: ArrayLike<number>;
}

/** How enrolment works: which label's clips are a speaker's everyday voice, and how many seconds of them are used. */
export interface EnrolmentSpec {
  /** The reference label. Default `neutral`. */
  label: string;
  /** About this many seconds of reference clips. Default 10. */
  seconds: number;
}

/** The default enrolment: about 10 s of `neutral` clips. */
export const DEFAULT_ENROLMENT: EnrolmentSpec = { label: "neutral", seconds: 10 };

/**
 * A speaker's enrolment: the mean feature vector of a short recording of their everyday voice (clips or windows), in
 * the raw feature space of the model's feature set. Small enough for a client to keep (a JSON of one vector).
 */
export interface Enrolment {
  /** The feature set the mean is in. */
  featureSet: string;
  /** Mean raw feature vector. */
  mean: Float32Array;
  /** Clips or windows averaged. */
  clips: number;
  /** Seconds of audio behind them. */
  seconds: number;
}

/** What is known, at use, of the speakers of the rows to predict. */
export interface UseContext {
  /** Transductive: a speaker group per row (rows of one group are one person's unlabelled clips). */
  groups?: readonly (string | null)[];
  /** Enrolled: the enrolment of each row's speaker. */
  enrolments?: readonly (Enrolment | null)[];
}

/** Options when preparing training rows. */
export interface ModeTrainingOptions {
  /** Enrolment settings (enrolled mode). */
  enrolment: EnrolmentSpec;
  /** Seed for any draw the mode makes. */
  seed: number;
}

/** A use mode. */
export interface UseModeSpec {
  /** Its name in every output, flag and artifact. */
  name: string;
  /** One line for reports and `--help`. */
  summary: string;
  /** What a user has to give for it, in words. */
  needs: string;
  /**
   * Normalise training (and validation) rows the way this mode will see its speakers at use.
   *
   * @throws {Error} If the mode needs speakers and some row has none.
   */
  prepareTraining(rows: TrainingRows, options: ModeTrainingOptions): { x: Float32Array; notes: string[] };
  /**
   * Normalise rows to predict. Rows the mode cannot serve (no group, no enrolment) are marked `served: false` and go to
   * the global model, with a note saying why.
   */
  prepareUse(
    x: Float32Array,
    dim: number,
    context: UseContext,
  ): { x: Float32Array; served: boolean[]; notes: string[] };
}

/** Rows whose speaker is unknown: the modes that use speakers refuse them, naming the fix. */
export function requireSpeakers(rows: TrainingRows, mode: string): void {
  const unknown = rows.speakers.filter((s) => !s).length;
  if (unknown) {
    throw new Error(
      `the ${mode} mode needs every training clip's speaker, but ${unknown} clips have none: give speakers (metadata ` +
        "speaker column or --speaker-pattern) or train the global mode only (--modes global)",
    );
  }
}
