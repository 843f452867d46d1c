/**
 * Private: what a grown tree is (flat arrays, scikit-learn's node order) and scikit-learn's `rand_r` generator, shared
 * by `decision_tree.ts`, `random_forest.ts` and the `TreeEnsemble` network.
 *
 * @module
 */

/**
 * One tree as flat arrays over its nodes, in depth-first order (root 0, a node's left subtree before its right one).
 * A split node sends a row left when `x[feature] ≤ threshold`; a leaf has `left = −1`, `feature = −1` and `right` the
 * index of its row in `values` (`[leaves, classes]`, the class shares of its training weight).
 */
export interface TreeData {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  values: Float32Array;
  classes: number;
}

/**
 * scikit-learn's `our_rand_r`: a 32-bit xorshift (13, 17, 5) whose draws are reduced modulo 2³¹; a state of 0 becomes 1.
 *
 * @example
 * const next = xorshiftRandR(209652396); next(); // the first draw scikit-learn's splitter makes with that state
 */
export function xorshiftRandR(state: number): () => number {
  let s = state >>> 0 || 1;
  return () => {
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    return s % 0x80000000;
  };
}

/** The leaf a row reaches: its index into `values` / classes. */
export function leafOf(tree: TreeData, row: ArrayLike<number>, offset = 0): number {
  let node = 0;
  while (tree.left[node] >= 0) {
    node = row[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.right[node];
}
