/**
 * Private: the classic learners' layers as ONNX nodes — the RBF kernel and one-vs-one decisions of `svm`, the vote of
 * `knn` (standard operators), and `forest`'s trees as one `TreeEnsembleClassifier` (the `ai.onnx.ml` domain).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import {
  data,
  FLOAT,
  floatAttr,
  floatsAttr,
  type Graph,
  intAttr,
  intsAttr,
  stringAttr,
  stringsAttr,
} from "./_onnx_graph.ts";

/** `exp(−γ (‖x‖² − 2 x·svᵀ + ‖sv‖²))`, as `networks/rbf_svm.ts` computes it. */
export function rbfKernelNodes(g: Graph, supportVectors: tf.Tensor, gamma: number, x: string): string {
  const [l, d] = supportVectors.shape as number[], sv = data(supportVectors);
  const ss = new Float32Array(l);
  for (let s = 0; s < l; s++) for (let j = 0; j < d; j++) ss[s] += sv[s * d + j] ** 2;
  const xx = g.node("ReduceSumSquare", [x], [intsAttr("axes", [1]), intAttr("keepdims", 1)]);
  const xs = g.node("Gemm", [x, g.constant("support_vectors", [l, d], sv)], [
    floatAttr("alpha", -2),
    intAttr("transB", 1),
  ]);
  const d2 = g.node("Relu", [g.node("Add", [g.node("Add", [xs, xx]), g.constant("sv_norms", [l], ss)])]);
  return g.node("Exp", [g.node("Mul", [d2, g.constant("minus_gamma", [1], Float32Array.of(-gamma))])]);
}

/** One-vs-one decisions → votes and squashed confidences (scikit-learn's one-vs-rest decision) → softmax. */
export function ovoDecisionNodes(
  g: Graph,
  w: tf.Tensor[],
  pairs: [number, number][],
  classes: number,
  k: string,
): string {
  const [coef, rho] = w, l = coef.shape[0] as number, P = pairs.length;
  const I = new Float32Array(P * classes), J = new Float32Array(P * classes), IJ = new Float32Array(P * classes);
  pairs.forEach(([i, j], p) => ((I[p * classes + i] = 1), (J[p * classes + j] = 1)));
  IJ.set(I.map((v, n) => v - J[n]));
  const dec = g.node("Sub", [
    g.node("MatMul", [k, g.constant("ovo_coef", [l, P], data(coef))]),
    g.constant("ovo_rho", [P], data(rho)),
  ]);
  const wins = g.node("Cast", [g.node("Greater", [dec, g.constant("zero", [1], Float32Array.of(0))])], [
    intAttr("to", FLOAT),
  ]);
  const losses = g.node("Sub", [g.constant("one", [1], Float32Array.of(1)), wins]);
  const votes = g.node("Add", [
    g.node("MatMul", [wins, g.constant("ovo_to_i", [P, classes], I)]),
    g.node("MatMul", [losses, g.constant("ovo_to_j", [P, classes], J)]),
  ]);
  const conf = g.node("MatMul", [dec, g.constant("ovo_i_minus_j", [P, classes], IJ)]);
  const denom = g.node("Mul", [
    g.node("Add", [g.node("Abs", [conf]), g.constant("one_b", [1], Float32Array.of(1))]),
    g.constant("three", [1], Float32Array.of(3)),
  ]);
  return g.node("Softmax", [g.node("Add", [votes, g.node("Div", [conf, denom])])], [intAttr("axis", -1)]);
}

/** The share of the k nearest training rows in each class (`networks/nearest_neighbours.ts`). */
export function nearestNodes(g: Graph, w: tf.Tensor[], k: number, x: string): string {
  const [rows, labels] = w, [n, d] = rows.shape as number[], classes = labels.shape[1] as number, t = data(rows);
  const tt = new Float32Array(n);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) tt[r] += t[r * d + j] ** 2;
  const xt = g.node("Gemm", [x, g.constant("knn_rows", [n, d], t)], [floatAttr("alpha", 2), intAttr("transB", 1)]);
  const score = g.node("Sub", [xt, g.constant("knn_norms", [n], tt)]); // −‖x − t‖² + ‖x‖²: larger is nearer
  const kk = Math.min(k, n), indices = g.name("knn_indices");
  g.node("TopK", [score, g.constantInt64("knn_k", [1], [kk])], [intAttr("axis", -1)], g.name("knn_values"), [indices]);
  const votes = g.node("Gather", [g.constant("knn_labels", [n, classes], data(labels)), indices], [intAttr("axis", 0)]);
  const sum = g.node("ReduceSum", [votes, g.constantInt64("knn_axes", [1], [1])], [intAttr("keepdims", 0)]);
  return g.node("Mul", [sum, g.constant("knn_share", [1], Float32Array.of(1 / kk))]);
}

/**
 * `networks/tree_ensemble.ts`'s trees as `TreeEnsembleClassifier` (ai.onnx.ml opset 1): node ids local to each tree,
 * `BRANCH_LEQ` splits, each leaf's class shares ÷ the number of trees as its class weights (summed over trees, they are
 * the mean the layer computes), post-transform `NONE`; returns the scores output `[n, classes]`.
 */
export function treeEnsembleNodes(g: Graph, w: tf.Tensor[], classes: number, x: string): string {
  const [nodesT, valuesT, rootsT] = w, nodes = data(nodesT), values = data(valuesT), roots = [...data(rootsT)];
  const N = nodes.length / 4, T = roots.length, ends = [...roots.slice(1), N];
  const n = { tree: [] as number[], id: [] as number[], feature: [] as number[], value: [] as number[] };
  const modes: string[] = [], t = [] as number[], f = [] as number[];
  const c = { tree: [] as number[], id: [] as number[], cls: [] as number[], weight: [] as number[] };
  roots.forEach((root, k) => {
    for (let v = root; v < ends[k]; v++) {
      const [feature, threshold, left, right] = nodes.subarray(4 * v, 4 * v + 4), leaf = left < 0;
      n.tree.push(k), n.id.push(v - root), n.feature.push(leaf ? 0 : feature), n.value.push(leaf ? 0 : threshold);
      modes.push(leaf ? "LEAF" : "BRANCH_LEQ"), t.push(leaf ? 0 : left - root), f.push(leaf ? 0 : right - root);
      if (!leaf) continue;
      for (let cls = 0; cls < classes; cls++) {
        const share = values[right * classes + cls];
        if (share > 0) c.tree.push(k), c.id.push(v - root), c.cls.push(cls), c.weight.push(share / T);
      }
    }
  });
  const scores = g.name("forest_scores");
  g.node(
    "TreeEnsembleClassifier",
    [x],
    [
      intsAttr("nodes_treeids", n.tree),
      intsAttr("nodes_nodeids", n.id),
      intsAttr("nodes_featureids", n.feature),
      floatsAttr("nodes_values", n.value),
      stringsAttr("nodes_modes", modes),
      intsAttr("nodes_truenodeids", t),
      intsAttr("nodes_falsenodeids", f),
      intsAttr("class_treeids", c.tree),
      intsAttr("class_nodeids", c.id),
      intsAttr("class_ids", c.cls),
      floatsAttr("class_weights", c.weight),
      intsAttr("classlabels_int64s", Array.from({ length: classes }, (_, k) => k)),
      stringAttr("post_transform", "NONE"),
    ],
    g.name("forest_label"),
    [scores],
    "ai.onnx.ml",
  );
  return scores;
}
