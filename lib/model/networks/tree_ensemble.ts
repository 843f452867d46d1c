import * as tf from "@tensorflow/tfjs";
import type { TreeData } from "../engine/random_forest.ts";

/**
 * A tree ensemble as a network, so that a forest saves, loads, predicts and exports as every other model does: one
 * `TreeEnsemble` layer holding every tree's nodes as rows `[feature, threshold, left, right]` (child indices global
 * over the ensemble; a leaf has `left = −1` and `right` its row in the leaf values), the leaves' class shares
 * `[leaves, classes]` and each tree's root. A row's output is the mean over trees of the shares in the leaf it reaches —
 * scikit-learn's `RandomForestClassifier.predict_proba`. The walk runs on the CPU (`dataSync`), not in tensor ops.
 *
 * @module
 */
export class TreeEnsemble extends tf.layers.Layer {
  static className = "TreeEnsemble";
  readonly nodes: number;
  readonly leaves: number;
  readonly trees: number;
  readonly classes: number;
  #weights: tf.LayerVariable[] = [];
  #cache: { nodes: Float32Array; values: Float32Array; roots: Float32Array } | null = null;

  constructor(
    config: { nodes: number; leaves: number; trees: number; classes: number; name?: string; inputShape?: number[] },
  ) {
    super(config);
    this.nodes = config.nodes;
    this.leaves = config.leaves;
    this.trees = config.trees;
    this.classes = config.classes;
  }

  override build(): void {
    this.#weights = [
      this.addWeight("nodes", [this.nodes, 4], "float32", tf.initializers.zeros(), undefined, false),
      this.addWeight("leaf_values", [this.leaves, this.classes], "float32", tf.initializers.zeros(), undefined, false),
      this.addWeight("roots", [this.trees], "float32", tf.initializers.zeros(), undefined, false),
    ];
    this.built = true;
  }

  override setWeights(weights: tf.Tensor[]): void {
    super.setWeights(weights);
    this.#cache = null;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as number[])[0], this.classes];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    const [n, d] = x.shape, rows = x.dataSync(), C = this.classes;
    this.#cache ??= {
      nodes: this.#weights[0].read().dataSync() as Float32Array,
      values: this.#weights[1].read().dataSync() as Float32Array,
      roots: this.#weights[2].read().dataSync() as Float32Array,
    };
    const { nodes, values, roots } = this.#cache, out = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      for (const root of roots) {
        let v = root;
        while (nodes[4 * v + 2] >= 0) {
          v = rows[i * d + nodes[4 * v]] <= nodes[4 * v + 1] ? nodes[4 * v + 2] : nodes[4 * v + 3];
        }
        const leaf = nodes[4 * v + 3] * C;
        for (let k = 0; k < C; k++) out[i * C + k] += values[leaf + k];
      }
      for (let k = 0; k < C; k++) out[i * C + k] /= roots.length;
    }
    return tf.tensor2d(out, [n, C]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), nodes: this.nodes, leaves: this.leaves, trees: this.trees, classes: this.classes };
  }
}

tf.serialization.registerClass(TreeEnsemble);

/** The ensemble's arrays from grown trees: nodes `[N, 4]` with global child indices, leaf values, roots. */
export function packTrees(trees: TreeData[]): { nodes: Float32Array; values: Float32Array; roots: Float32Array } {
  const N = trees.reduce((s, t) => s + t.feature.length, 0), L = trees.reduce((s, t) => s + t.values.length, 0);
  const nodes = new Float32Array(4 * N), values = new Float32Array(L), roots = new Float32Array(trees.length);
  let node = 0, leaf = 0, value = 0;
  trees.forEach((t, k) => {
    roots[k] = node;
    for (let i = 0; i < t.feature.length; i++) {
      const split = t.left[i] >= 0, at = 4 * (node + i);
      nodes.set(
        split ? [t.feature[i], t.threshold[i], node + t.left[i], node + t.right[i]] : [-1, 0, -1, leaf + t.right[i]],
        at,
      );
    }
    values.set(t.values, value);
    node += t.feature.length, leaf += t.values.length / t.classes, value += t.values.length;
  });
  return { nodes, values, roots };
}

/**
 * Build the network of grown trees (row-major inputs of `inputDim` features).
 *
 * @throws {RangeError} If there are no trees, or more nodes than float32 indices can address (2²⁴).
 * @example
 * const model = buildTreeEnsemble(676, fitRandomForest(x, y, { dim: 676, classes: 7 }));
 */
export function buildTreeEnsemble(inputDim: number, trees: TreeData[]): tf.Sequential {
  if (!trees.length) throw new RangeError("a tree ensemble needs at least one tree");
  const { nodes, values, roots } = packTrees(trees), classes = trees[0].classes;
  const N = nodes.length / 4, L = values.length / classes;
  if (N > 2 ** 24) throw new RangeError(`${N} nodes: more than a float32 index addresses (2^24)`);
  const model = tf.sequential({
    layers: [
      new TreeEnsemble({ nodes: N, leaves: L, trees: trees.length, classes, inputShape: [inputDim], name: "forest" }),
    ],
  });
  const w = [tf.tensor2d(nodes, [N, 4]), tf.tensor2d(values, [L, classes]), tf.tensor1d(roots)];
  model.layers[0].setWeights(w);
  tf.dispose(w);
  return model;
}
