import { fitRandomForest } from "../engine/random_forest.ts";
import { buildTreeEnsemble } from "../networks/tree_ensemble.ts";
import type { MemberSolver } from "./_members.ts";
import { balancedClassWeights, solvedCurve, solverFamily } from "./_solver_family.ts";

/** Grow the forest on the standardised rows (seeded by the member's seed) and build its network. */
const growForest: MemberSolver = (_placeholder, train, classes, { balanced, seed }) => {
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const trees = fitRandomForest(train.x, train.y, {
    dim,
    classes,
    seed,
    classWeight: balanced ? balancedClassWeights(train.y, classes) : undefined,
  });
  return { model: buildTreeEnsemble(dim, trees), ...solvedCurve(t0) };
};

/**
 * `forest`: a random forest (scikit-learn's `RandomForestClassifier()` defaults: 100 fully grown Gini trees, ⌊√676⌋ = 26
 * features per node, bootstrap samples) on the 676 pooled descriptors standardised on the training rows — in every
 * use mode. The trees are scikit-learn's given the same draws (`engine/random_forest.ts`); the probabilities are the
 * mean of the trees' leaf class shares, as `predict_proba`'s. Exports to ONNX as `TreeEnsembleClassifier`.
 */
export const FOREST = solverFamily({
  name: "forest",
  aliases: ["random-forest", "rf"],
  featureSet: "pooled",
  description:
    "random forest (scikit-learn's RandomForestClassifier defaults: 100 trees, sqrt features) on 676 pooled descriptors",
  solve: growForest, // builds the network once the trees are grown
});
