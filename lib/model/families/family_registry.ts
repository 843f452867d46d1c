/**
 * The model families, by name. A family is one file in this folder; listing it here is all it takes for `train`,
 * `cv`, `predict`, the server, timelines, exports and the notebooks to know it.
 *
 * @module
 */
import type { ModelFamily } from "./family.ts";
import { FEATURE_SETS, type FeatureSetName } from "../../features/feature_sets.ts";
import { LOGREG } from "./logreg.ts";
import { POOLED_MLP } from "./pooled_mlp.ts";
import { ORIGINAL_MLP } from "./original_mlp.ts";
import { VIEWS_MLP } from "./views_mlp.ts";
import { SVM } from "./svm.ts";
import { KNN } from "./knn.ts";
import { LINEAR_SVM } from "./linear_svm.ts";
import { FOREST } from "./forest.ts";

/** Every family. */
export const MODEL_FAMILIES = {
  [ORIGINAL_MLP.name]: ORIGINAL_MLP,
  [POOLED_MLP.name]: POOLED_MLP,
  [VIEWS_MLP.name]: VIEWS_MLP,
  [LOGREG.name]: LOGREG,
  [SVM.name]: SVM,
  [LINEAR_SVM.name]: LINEAR_SVM,
  [KNN.name]: KNN,
  [FOREST.name]: FOREST,
} as const satisfies Record<string, ModelFamily>;

/**
 * The family `train`, `cv`, the bench and notebook 07 use unless told otherwise: `pooled-mlp`, which holds on voices
 * from other corpora (leave-one-corpus-out over the five kit corpora: one clip as well as `views-mlp`, 2 points behind
 * it enrolled) and, unlike `views-mlp`, keeps a one-mood recording's emotion over a timeline or a live stream as often
 * as its single clips are right (README "A new voice").
 */
export const DEFAULT_FAMILY: ModelFamily = POOLED_MLP;

const variants = new Map<string, ModelFamily>();

/** `NAME@SET`: a family's learner on another feature set (memoised: one object per name). */
function variant(f: ModelFamily, set: string): ModelFamily {
  if (!(set in FEATURE_SETS)) {
    throw new RangeError(
      `unknown feature set "${set}" in "${f.name}@${set}" (expected ${Object.keys(FEATURE_SETS).join(", ")})`,
    );
  }
  if (!f.withFeatureSet) {
    throw new RangeError(`${f.name} is tied to its own feature set (${f.featureSet}): no ${f.name}@${set}`);
  }
  const key = `${f.name}@${set}`;
  if (!variants.has(key)) variants.set(key, f.withFeatureSet(set as FeatureSetName));
  return variants.get(key)!;
}

/** The family older artifacts without a `model_family` were trained as. */
export const LEGACY_FAMILY: ModelFamily = ORIGINAL_MLP;

/** Family names (and aliases) that `--model` accepts. */
export function familyNames(): string[] {
  return Object.values(MODEL_FAMILIES).flatMap((f) => [f.name, ...f.aliases]);
}

/**
 * A family by name or alias (case-insensitive).
 *
 * @throws {RangeError} For an unknown name, with the closest known one when there is one.
 * @example
 * modelFamily(DEFAULT_FAMILY.name).featureSet; // e.g. "pooled"
 */
export function modelFamily(name: string): ModelFamily {
  const [base, set] = name.trim().toLowerCase().split("@");
  if (set !== undefined) return variant(modelFamily(base), set);
  const key = base;
  const f = Object.values(MODEL_FAMILIES).find((f) => f.name === key || f.aliases.includes(key));
  if (f) return f;
  throw new RangeError(`unknown model family "${name}" (expected ${Object.keys(MODEL_FAMILIES).join(", ")})`);
}
