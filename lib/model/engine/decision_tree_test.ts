import assert from "node:assert/strict";
import { fitDecisionTree } from "./decision_tree.ts";
import { leafOf, xorshiftRandR } from "./_tree_data.ts";
import { argmax, dim, K, ref, test, train } from "./_tree_fixture.ts";

Deno.test("xorshiftRandR() is scikit-learn's our_rand_r: hand-worked first draws", () => {
  const next = xorshiftRandR(1);
  // s = 1 → 1 ^ 1<<13 = 8193 → 8193 ^ (8193 >>> 17 = 0) = 8193 → 8193 ^ 8193<<5 (262176) = 270369
  assert.equal(next(), 270369);
  assert.equal(xorshiftRandR(0)(), 270369); // a zero state becomes 1
});

Deno.test("fitDecisionTree() = scikit-learn's DecisionTreeClassifier(random_state=0) on 360 real RAVDESS clips, node for node", () => {
  const tree = fitDecisionTree(train.x, train.y, { dim, classes: K, randState: ref.tree.rand_state });
  const r = ref.tree;
  assert.equal(tree.feature.length, r.feature.length, "node count");
  const split = (r.left as number[]).map((l) => l >= 0);
  assert.deepEqual([...tree.left].map((l) => l >= 0), split, "the same nodes are splits");
  assert.deepEqual([...tree.feature].map((f, i) => (split[i] ? f : -2)), r.feature, "the same features");
  assert.deepEqual([...tree.left].map((l, i) => (split[i] ? l : -1)), r.left, "the same left children");
  r.threshold.forEach((t: number, i: number) => {
    if (!split[i]) return;
    assert.ok(tree.threshold[i] <= t && t - tree.threshold[i] < 1e-6 * Math.max(1, Math.abs(t)), `node ${i}`);
  });
  const leaves = Array.from({ length: test.n }, (_, i) => leafOf(tree, test.x, i * dim));
  const predicted = leaves.map((leaf) => argmax(tree.values.subarray(leaf * K, (leaf + 1) * K)).at(0));
  assert.deepEqual(predicted, r.predicted);
});
