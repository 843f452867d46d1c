/**
 * A CART classification tree grown as scikit-learn's `DecisionTreeClassifier` grows it (1.2: `BestSplitter`, Gini,
 * depth first): at each node up to `maxFeatures` features are drawn (Fisher–Yates with scikit-learn's `rand_r`
 * generator, constant features set aside as scikit-learn does), the node's samples are sorted on each, and the split
 * with the largest proxy improvement `−w_R·gini_R − w_L·gini_L` wins (the first one on ties); values closer than 1e-7
 * are not split. The threshold is the float32 just at or below the float64 midpoint scikit-learn stores, so that
 * `x ≤ threshold` sends every float32 `x` where scikit-learn sends it. Given the same rows, weights and `rand_r`
 * state, the tree is scikit-learn's node for node (`decision_tree_test.ts`).
 *
 * @module
 */
import { type TreeData, xorshiftRandR } from "./_tree_data.ts";

export type { TreeData } from "./_tree_data.ts";

/** Options of {@linkcode fitDecisionTree}. */
export interface DecisionTreeOptions {
  /** Features per row (the row-major `x` is `[n, dim]`). Required. */
  dim: number;
  /** Number of classes (labels are 0…classes−1). Required. */
  classes: number;
  /** Weight per row; rows of weight 0 are left out (a bootstrap's undrawn rows). Default 1 each. */
  sampleWeight?: Float64Array;
  /** Features drawn per node. Default `dim` (scikit-learn's `max_features=None`). */
  maxFeatures?: number;
  /** Deepest node (root 0). Default unlimited. */
  maxDepth?: number;
  /** Fewest rows in a leaf. Default 1. */
  minSamplesLeaf?: number;
  /** Initial state of scikit-learn's `rand_r` generator (its splitter's `rand_r_state`). Default 1. */
  randState?: number;
}

const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

/** Row-major `x` as columns, so that a feature's values over a node's rows are read in order. */
function columns(x: Float32Array, n: number, dim: number): Float32Array {
  const xt = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let f = 0; f < dim; f++) xt[f * n + i] = x[i * dim + f];
  return xt;
}

/** The largest float32 at or below `v` (float64). */
function float32AtOrBelow(v: number): number {
  const r = Math.fround(v);
  if (r <= v) return r;
  const b = new Float32Array([r]), u = new Int32Array(b.buffer);
  u[0] += r > 0 ? -1 : 1; // one ulp towards −∞ (r ≠ 0 here, since r > v)
  return b[0];
}

/** Gini impurity from weighted class counts. */
function gini(counts: Float64Array, w: number): number {
  let sq = 0;
  for (let k = 0; k < counts.length; k++) sq += counts[k] * counts[k];
  return 1 - sq / (w * w);
}

type Split = { pos: number; feature: number; threshold: number; proxy: number; impL: number; impR: number };

/** The state of one tree's growth: the rows as columns, the sample order, scikit-learn's feature bookkeeping. */
class Grower {
  readonly n: number;
  readonly xt: Float32Array;
  readonly samples: Int32Array;
  readonly features: Int32Array;
  readonly constantFeatures: Int32Array;
  readonly keys: Float64Array;
  readonly keyWords: Uint32Array;
  readonly xf: Float64Array;
  readonly total: Float64Array;
  readonly left: Float64Array;
  readonly right: Float64Array;
  readonly random: () => number;
  readonly maxFeatures: number;
  readonly minLeaf: number;

  constructor(x: Float32Array, readonly y: Int32Array, readonly weight: Float64Array, readonly o: DecisionTreeOptions) {
    const { dim, classes } = o, n = this.n = y.length;
    this.xt = columns(x, n, dim);
    this.samples = Int32Array.from({ length: n }, (_, i) => i).filter((i) => weight[i] !== 0);
    this.features = Int32Array.from({ length: dim }, (_, f) => f);
    this.constantFeatures = new Int32Array(dim);
    this.keys = new Float64Array(this.samples.length);
    this.keyWords = new Uint32Array(this.keys.buffer);
    this.xf = new Float64Array(this.samples.length);
    [this.total, this.left, this.right] = [0, 1, 2].map(() => new Float64Array(classes));
    this.random = xorshiftRandR(o.randState ?? 1);
    this.maxFeatures = o.maxFeatures ?? dim;
    this.minLeaf = o.minSamplesLeaf ?? 1;
  }

  /** Class counts (into `total`) and weight of samples[start, end). */
  nodeCounts(start: number, end: number): number {
    const { total, samples, weight, y } = this;
    total.fill(0);
    let w = 0;
    for (let p = start; p < end; p++) total[y[samples[p]]] += weight[samples[p]], w += weight[samples[p]];
    return w;
  }

  /** Sort samples[start, end) on feature f (values into xf); false when the feature is constant there. */
  sortOn(f: number, start: number, end: number): boolean {
    const { keys, keyWords, xt, samples, xf } = this, col = f * this.n, m = end - start;
    for (let p = 0; p < m; p++) {
      keys[p] = xt[col + samples[start + p]];
      keyWords[2 * p] |= start + p; // the position rides in mantissa bits a float32 never uses
    }
    keys.subarray(0, m).sort();
    const order = samples.slice(start, end);
    for (let p = 0; p < m; p++) {
      const s = order[(keyWords[2 * p] & 0x1fffffff) - start];
      samples[start + p] = s;
      xf[start + p] = xt[col + s];
    }
    return xf[end - 1] > xf[start] + FEATURE_THRESHOLD;
  }

  /** scikit-learn's BestSplitter.node_split for samples[start, end), and the new count of known constant features. */
  nodeSplit(start: number, end: number, wNode: number, nKnown: number): { best: Split; nConstant: number } {
    const { features, constantFeatures, maxFeatures } = this;
    let best: Split = { pos: end, feature: -1, threshold: 0, proxy: -Infinity, impL: 0, impR: 0 };
    let fi = this.o.dim, nVisited = 0, nFound = 0, nDrawn = 0, nTotal = nKnown;
    while (fi > nTotal && (nVisited < maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = nDrawn + this.random() % (fi - nFound - nDrawn);
      if (fj < nKnown) {
        [features[nDrawn], features[fj]] = [features[fj], features[nDrawn]];
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj];
      if (!this.sortOn(f, start, end)) {
        [features[fj], features[nTotal]] = [features[nTotal], features[fj]];
        nFound++, nTotal++;
        continue;
      }
      fi--;
      [features[fi], features[fj]] = [features[fj], features[fi]];
      best = this.bestOnFeature(f, start, end, wNode, best) ?? best;
    }
    if (best.pos < end) this.partition(best, start, end);
    for (let k = 0; k < nKnown; k++) features[k] = constantFeatures[k];
    for (let k = nKnown; k < nKnown + nFound; k++) constantFeatures[k] = features[k];
    return { best, nConstant: nTotal };
  }

  /** The best split on the sorted feature f better than `best`, or null. */
  bestOnFeature(f: number, start: number, end: number, wNode: number, best: Split): Split | null {
    const { left, right, total, xf, samples, weight, y, minLeaf } = this, classes = this.o.classes;
    left.fill(0);
    let wL = 0, p = start, q = start, bestProxy = best.proxy, found: Split | null = null;
    while (p < end) {
      while (p + 1 < end && xf[p + 1] <= xf[p] + FEATURE_THRESHOLD) p++;
      p++;
      if (p >= end) break;
      if (p - start < minLeaf || end - p < minLeaf) continue;
      for (; q < p; q++) left[y[samples[q]]] += weight[samples[q]], wL += weight[samples[q]];
      const wR = wNode - wL;
      for (let k = 0; k < classes; k++) right[k] = total[k] - left[k];
      const impL = gini(left, wL), impR = gini(right, wR), proxy = -wR * impR - wL * impL;
      if (proxy > bestProxy) {
        bestProxy = proxy;
        let threshold = xf[p - 1] / 2 + xf[p] / 2;
        if (threshold === xf[p] || !Number.isFinite(threshold)) threshold = xf[p - 1];
        found = { pos: p, feature: f, threshold, proxy, impL, impR };
      }
    }
    return found;
  }

  /** Reorder samples[start, end) so that those with x ≤ threshold come first (scikit-learn's partition). */
  partition(s: Split, start: number, end: number): void {
    const { samples, xt } = this, col = s.feature * this.n;
    let p = start, e = end;
    while (p < e) {
      if (xt[col + samples[p]] <= s.threshold) p++;
      else e--, [samples[p], samples[e]] = [samples[e], samples[p]];
    }
  }

  /** scikit-learn's DepthFirstTreeBuilder: nodes in pre-order, the left child first. */
  grow(): TreeData {
    const classes = this.o.classes, maxDepth = this.o.maxDepth ?? Infinity;
    const out = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[] };
    const values: number[] = [];
    const stack = [{
      start: 0,
      end: this.samples.length,
      depth: 0,
      parent: -1,
      isLeft: false,
      impurity: NaN,
      nConst: 0,
    }];
    while (stack.length) {
      const node = stack.pop()!, { start, end, depth } = node, m = end - start;
      const wNode = this.nodeCounts(start, end);
      const impurity = Number.isNaN(node.impurity) ? gini(this.total, wNode) : node.impurity;
      let leaf = depth >= maxDepth || m < 2 || m < 2 * this.minLeaf || impurity <= EPSILON;
      const split = leaf ? null : this.nodeSplit(start, end, wNode, node.nConst);
      leaf ||= split!.best.pos >= end;
      const id = out.feature.length;
      if (node.parent >= 0) (node.isLeft ? out.left : out.right)[node.parent] = id;
      if (leaf) {
        out.feature.push(-1), out.threshold.push(0), out.left.push(-1), out.right.push(values.length / classes);
        for (let k = 0; k < classes; k++) values.push(this.total[k] / wNode);
        continue;
      }
      const b = split!.best, child = { depth: depth + 1, parent: id, nConst: split!.nConstant };
      out.feature.push(b.feature), out.threshold.push(float32AtOrBelow(b.threshold));
      out.left.push(0), out.right.push(0);
      stack.push({ ...child, start: b.pos, end, isLeft: false, impurity: b.impR });
      stack.push({ ...child, start, end: b.pos, isLeft: true, impurity: b.impL });
    }
    return {
      feature: Int32Array.from(out.feature),
      threshold: Float32Array.from(out.threshold),
      left: Int32Array.from(out.left),
      right: Int32Array.from(out.right),
      values: Float32Array.from(values),
      classes,
    };
  }
}

/**
 * Grow one classification tree on row-major `x` (`[n, dim]`, float32) labelled `y`.
 *
 * @throws {RangeError} If `y` is not `x.length / dim` labels in 0…classes−1.
 * @example
 * const tree = fitDecisionTree(x, y, { dim: 676, classes: 7, maxFeatures: 26, randState: 209652396 });
 */
export function fitDecisionTree(x: Float32Array, y: Int32Array, o: DecisionTreeOptions): TreeData {
  const { dim, classes } = o, n = y.length;
  if (x.length !== n * dim) throw new RangeError(`x has ${x.length} values, expected ${n} rows × ${dim}`);
  for (const c of y) if (!(c >= 0 && c < classes)) throw new RangeError(`label ${c} is not in 0…${classes - 1}`);
  return new Grower(x, y, o.sampleWeight ?? new Float64Array(n).fill(1), o).grow();
}
