/**
 * A random forest as scikit-learn's `RandomForestClassifier()` grows one (defaults: 100 trees, Gini, √F features per
 * node, bootstrap samples of n rows, fully grown trees): each tree is {@linkcode fitDecisionTree} on its bootstrap's
 * draw counts as row weights (times the class weights, when given), and the forest's probabilities are the mean over
 * trees of the class shares in the leaf a row reaches (`predict_proba`).
 *
 * The draws come from the project's seeded generator rather than NumPy's, so a forest is scikit-learn's given the same
 * draws ({@linkcode forestFromDraws}, which `random_forest_test.ts` feeds scikit-learn's own) and an equally random one
 * otherwise.
 *
 * @module
 */
import { mulberry32 } from "../../random.ts";
import { fitDecisionTree, type TreeData } from "./decision_tree.ts";
import { leafOf } from "./_tree_data.ts";

export type { TreeData } from "./_tree_data.ts";

/** Options of {@linkcode fitRandomForest}. */
export interface RandomForestOptions {
  /** Features per row. Required. */
  dim: number;
  /** Number of classes. Required. */
  classes: number;
  /** Trees. Default 100. */
  trees?: number;
  /** Features drawn per node. Default ⌊√dim⌋ (`max_features="sqrt"`). */
  maxFeatures?: number;
  /** Deepest node. Default unlimited. */
  maxDepth?: number;
  /** Weight per class (e.g. scikit-learn's balanced weights), multiplying the draw counts. Default none. */
  classWeight?: Float64Array;
  /** Seed of the bootstrap draws and of each tree's feature draws. Default 0. */
  seed?: number;
  /** Called after each tree with (trees done, trees). */
  onTree?: (done: number, total: number) => void;
}

/** One tree's draws: its rows' weights (bootstrap counts) and its splitter's `rand_r` state. */
export interface TreeDraw {
  weights: Float64Array;
  randState: number;
}

/**
 * Grow a forest on row-major `x` (`[n, dim]`) labelled `y`.
 *
 * @throws {RangeError} If `x` and `y` disagree or a label is out of range.
 * @example
 * const trees = fitRandomForest(x, y, { dim: 676, classes: 7, seed: 42 });
 */
export function fitRandomForest(x: Float32Array, y: Int32Array, o: RandomForestOptions): TreeData[] {
  const n = y.length, rng = mulberry32(o.seed ?? 0), count = o.trees ?? 100;
  if (!(count >= 1)) throw new RangeError(`trees is ${count}, expected at least 1`);
  const draws: TreeDraw[] = [];
  for (let t = 0; t < count; t++) {
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[Math.floor(rng() * n)]++;
    draws.push({ weights, randState: Math.floor(rng() * 0x7fffffff) });
  }
  return forestFromDraws(x, y, draws, o);
}

/** The forest grown from given draws (see the module description). */
export function forestFromDraws(
  x: Float32Array,
  y: Int32Array,
  draws: TreeDraw[],
  o: Omit<RandomForestOptions, "trees" | "seed">,
): TreeData[] {
  const maxFeatures = o.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(o.dim)));
  return draws.map((d, t) => {
    const weights = o.classWeight ? d.weights.map((w, i) => w * o.classWeight![y[i]]) : d.weights;
    const tree = fitDecisionTree(x, y, { ...o, maxFeatures, sampleWeight: weights, randState: d.randState });
    o.onTree?.(t + 1, draws.length);
    return tree;
  });
}

/**
 * The forest's class probabilities for row-major `x` (`[n, dim]`): the mean of each tree's leaf class shares.
 *
 * @example
 * const p = forestProbabilities(trees, x, 676); // [n, classes]
 */
export function forestProbabilities(trees: TreeData[], x: Float32Array, dim: number): Float32Array {
  const classes = trees[0]?.classes ?? 0, n = x.length / dim, sum = new Float64Array(n * classes);
  for (const tree of trees) {
    for (let i = 0; i < n; i++) {
      const leaf = leafOf(tree, x, i * dim) * classes;
      for (let k = 0; k < classes; k++) sum[i * classes + k] += tree.values[leaf + k];
    }
  }
  return Float32Array.from(sum, (s) => s / trees.length);
}
