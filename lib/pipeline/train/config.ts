/**
 * A run's configuration (`PipelineConfig`, every field defaulted) and where its data came from (`DataSource`).
 *
 * @module
 */
import type { AugmentPlanName } from "../../data/mod.ts";
import { type Discovery, type FeatureTable, type ManifestEntry, type SplitName } from "../../data/mod.ts";
import {
  type Adversary,
  type Balance,
  type EnrolmentSpec,
  type EpochRecord,
  type FitOptions,
  type UseModeName,
} from "../../model/mod.ts";

/** Configuration of a run; every field has a default. */
export interface PipelineConfig {
  /** Corpus folder. Default `dataset`. When it holds no corpus, the synthetic demo corpus is used. */
  dataDir?: string;
  /** Where the demo corpus is generated when needed. Default `.cache/demo-corpus`. */
  demoDir?: string;
  /** Output folders. Defaults `outputs`, `artifacts`, `charts`. */
  outputsDir?: string;
  artifactsDir?: string;
  chartsDir?: string;
  /** Feature cache folder (`null` disables). Default `.cache/features`. */
  cacheDir?: string | null;
  /**
   * `"original"` (the original project's stratified clip split; `"seed"`, its former name, is read the same), `"speaker"` (speaker-independent) or `"none"` (every clip trains:
   * the final model once `cv` has chosen the recipe; nothing is held out, so there is no test and no early stopping).
   * Default `"original"`.
   */
  split?: "original" | "seed" | "speaker" | "none";
  /** Maximum epochs. Default 100. */
  epochs?: number;
  /** Seed for the split, weights, dropout and shuffling. Default 42. */
  seed?: number;
  /** Extraction workers. Default one per core. */
  workers?: number;
  /** Keep EMO-DB boredom. Default false. */
  includeBoredom?: boolean;
  /** `"auto"` (metadata manifests + named corpora) or `"folders"` (folder-per-label). Default `"auto"`. */
  layout?: "auto" | "folders";
  /** Regular expression on the relative path giving the speaker where the data names none. Default: none. */
  speakerPattern?: string;
  /** Keep only these classes (after `merge`). Default: every class in the data. */
  labels?: string[];
  /** Rename labels before filtering, e.g. `{ excited: "happy", calm: "neutral" }`. Default: none. */
  merge?: Record<string, string>;
  /**
   * When `dataDir` holds no corpus: `true` generates and uses the synthetic demo corpus; `false` throws (for a folder the
   * user named explicitly, where silently training on synthetic data would mislead). Default true.
   */
  demoFallback?: boolean;
  /** Progress and messages. Default: `console.error`. */
  log?: (message: string) => void;
  /** Hide progress bars. Default false. */
  quiet?: boolean;
  /** Called after each training epoch. */
  onEpoch?: (record: EpochRecord, epochs: number) => void;
  /** Model family, by name or alias (see `MODEL_FAMILIES`). Default: `DEFAULT_FAMILY`. */
  model?: string;
  /** Use modes to train (`global` always is). Default: the family's `defaultModes`. */
  modes?: UseModeName[];
  /** Enrolment for the enrolled mode: reference label and seconds. Default `{ label: "neutral", seconds: 10 }`. */
  enrolment?: EnrolmentSpec;
  /**
   * Seeded waveform augmentation at training time: this many augmented copies of every training clip (pitch shift, time
   * stretch, gain, white/pink/babble noise; `augmentationPlan`) join the training split; validation and test stay
   * original. Default: the family's `defaultAugment` (1 for `pooled-mlp`, 0 for the others).
   */
  augment?: number;
  /**
   * Which augmentation plan the copies follow: `level` (voice, noise, level −30 to +6 dB) or `chain` (voice, then a
   * recording chain: channel response, room, noise, level −30 to +20 dB with clipping). Default `level`.
   */
  augmentPlan?: AugmentPlanName;
  /** Class balancing (`FitOptions.balance`): `none`, `weights` (learners that take them) or `oversample`. Default none. */
  balance?: Balance;
  /** A domain adversary through gradient reversal (`FitOptions.adversary`): `none`, `speaker` or `corpus`. Default none. */
  adversary?: Adversary;
  /** Its final gradient-reversal weight λ. Default 0.3 (`DEFAULT_ADVERSARY_WEIGHT`). */
  adversaryWeight?: number;
}

/** Where the data came from. */
export interface DataSource {
  root: string;
  kind: "real" | "synthetic";
  /** A sentence for logs and reports. */
  note: string;
}

/** Everything the training stage needs, after discovery, extraction and splitting. */
export interface PreparedData {
  source: DataSource;
  discovery: Discovery;
  /** The features of the rows, in the feature set of the model family being trained. */
  table: FeatureTable;
  /** Manifest entries of the table's rows, in row order. */
  rows: ManifestEntry[];
  /** Class names in label-encoder (alphabetical) order. */
  classes: string[];
  /** Class index per row. */
  y: Int32Array;
  /** Each clip's length in seconds (NaN where unknown). */
  seconds: Float32Array;
  split: SplitName[];
  splitNotes: string[];
  timings: Record<string, number>;
}

/** The config's training recipe as fit options — balancing and the adversary — as train, cv and the matrix pass them. */
export const recipeFitOptions = (c: PipelineConfig): Pick<FitOptions, "balance" | "adversary" | "adversaryWeight"> => ({
  balance: c.balance,
  adversary: c.adversary,
  adversaryWeight: c.adversaryWeight,
});

/** The config with every default filled in (private to the pipeline). */
export const defaults = (c: PipelineConfig) => ({
  dataDir: c.dataDir ?? "dataset",
  demoDir: c.demoDir ?? ".cache/demo-corpus",
  outputsDir: c.outputsDir ?? "outputs",
  artifactsDir: c.artifactsDir ?? "artifacts",
  chartsDir: c.chartsDir ?? "charts",
  cacheDir: c.cacheDir === undefined ? ".cache/features" : c.cacheDir,
  split: c.split === "seed" ? "original" : c.split ?? "original",
  epochs: c.epochs,
  seed: c.seed ?? 42,
  log: c.log ?? ((m: string) => console.error(m)),
});
