/**
 * Permutation importance by feature group (Breiman 2001; scikit-learn's `permutation_importance`, with groups): on
 * held-out rows, the columns of one group are shuffled together across rows — keeping the group's own structure, breaking
 * its link to the label — and the drop in UA from the unshuffled rows is the group's importance; the mean over
 * `repeats` shuffles.
 *
 * @module
 */
import { mulberry32 } from "../random.ts";
import { foldScores } from "./cv_metrics.ts";
import { confusionMatrix } from "./metrics.ts";

/** A group's importance: the mean UA drop and its spread over repeats. */
export interface GroupImportance {
  group: string;
  drop: number;
  sd: number;
}

/** UA (the mean recall over the labels present) of predicted labels, through the confusion matrix as `cv` scores it. */
function ua(truth: Int32Array, predicted: Int32Array): number {
  let K = 0;
  for (let i = 0; i < truth.length; i++) K = Math.max(K, truth[i] + 1, predicted[i] + 1);
  return foldScores(confusionMatrix(truth, predicted, K)).ua;
}

/**
 * The importance of each group on held-out rows.
 *
 * @param predict Labels for row-major rows (the model's argmax).
 * @param data `x` `[n][dim]`, `y` labels, and the groups' column indices.
 * @param options.repeats Shuffles per group. Default 3.
 * @param options.seed Default 42.
 * @example
 * permutationImportance((x) => argmax(model(x)), { x, y, dim, groups: featureGroups(set) });
 */
export function permutationImportance(
  predict: (x: Float32Array) => Int32Array,
  data: { x: Float32Array; y: Int32Array; dim: number; groups: readonly { name: string; columns: number[] }[] },
  options: { repeats?: number; seed?: number } = {},
): { baseline: number; groups: GroupImportance[] } {
  const { x, y, dim } = data, n = y.length, repeats = options.repeats ?? 3, rng = mulberry32(options.seed ?? 42);
  const baseline = ua(y, predict(x));
  const groups = data.groups.map((g) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // One permutation of the rows for the whole group (Fisher–Yates).
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const shuffled = Float32Array.from(x);
      for (let i = 0; i < n; i++) for (const c of g.columns) shuffled[i * dim + c] = x[perm[i] * dim + c];
      drops.push(baseline - ua(y, predict(shuffled)));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const sd = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    return { group: g.name, drop: mean, sd };
  });
  return { baseline, groups };
}
