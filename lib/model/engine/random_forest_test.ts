import assert from "node:assert/strict";
import { fitRandomForest, forestFromDraws, forestProbabilities } from "./random_forest.ts";
import { argmax, dim, K, ref, test, train } from "./_tree_fixture.ts";

Deno.test("forestFromDraws() with scikit-learn's bootstraps = RandomForestClassifier(random_state=0): probabilities within 1e-6", () => {
  const draws = (ref.forest.draws as { counts: number[]; rand_state: number }[])
    .map((d) => ({ weights: Float64Array.from(d.counts), randState: d.rand_state }));
  const trees = forestFromDraws(train.x, train.y, draws, { dim, classes: K });
  const p = forestProbabilities(trees, test.x, dim);
  const gap = Math.max(...(ref.forest.proba as number[][]).flat().map((v, i) => Math.abs(v - p[i])));
  assert.ok(gap < 1e-6, `largest gap ${gap}`);
  assert.deepEqual(argmax(p), ref.forest.predicted);
});

Deno.test("fitRandomForest(): seeded, probabilities sum to 1, training rows mostly recalled, bad input named", () => {
  const a = fitRandomForest(train.x, train.y, { dim, classes: K, trees: 10, seed: 7 });
  const b = fitRandomForest(train.x, train.y, { dim, classes: K, trees: 10, seed: 7 });
  assert.deepEqual(a.map((t) => [...t.threshold]), b.map((t) => [...t.threshold]));
  const p = forestProbabilities(a, train.x, dim);
  for (let i = 0; i < train.y.length; i++) {
    const s = p.subarray(i * K, (i + 1) * K).reduce((u, v) => u + v, 0);
    assert.ok(Math.abs(s - 1) < 1e-5);
  }
  const recalled = argmax(p).filter((c, i) => c === train.y[i]).length / train.y.length;
  assert.ok(recalled > 0.9, `training recall ${recalled}`);
  assert.throws(() => fitRandomForest(train.x, train.y, { dim: dim + 1, classes: K }), /expected 360 rows/);
  assert.throws(() => fitRandomForest(train.x, train.y, { dim, classes: K, trees: 0 }), /trees is 0/);
});
