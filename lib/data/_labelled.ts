/**
 * Private: a file whose labels a layout has read, before the label set, speaker pattern and hashing apply.
 *
 * @module
 */
import type { Gender } from "./emotions.ts";
import type { SplitName } from "./split.ts";

/** Where a clip's labels came from. */
export type LabelSource = "corpus" | "metadata" | "folders";

/** A labelled file. */
export interface Labelled {
  /** The file as listed (root-joined path). */
  file: string;
  /** Path relative to the data root, forward slashes. */
  rel: string;
  corpus: string;
  /** Speaker id, or `""` when unknown. */
  speaker: string;
  gender: Gender;
  /** The label as the source wrote it. */
  label: string;
  /** A split the data assigns (a `split` column), or null. */
  split: SplitName | null;
  source: LabelSource;
  fields: Record<string, string>;
  warnings: string[];
}

/** A file under the root that is not in the manifest, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}
