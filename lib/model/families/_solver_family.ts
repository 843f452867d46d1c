/**
 * Private: what the families fitted by a solver share (`logreg`, `linear-svm`, `svm`, `knn`): scikit-learn's balanced
 * class weights, the one-point curve a solver reports, and the spec around a solver — one member, every use mode, no
 * epochs to stop early on, no augmentation unless asked.
 *
 * @module
 */
import type { FeatureSetName } from "../../features/feature_sets.ts";
import { buildLinearSoftmax } from "../networks/linear.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";
import type { Curve, MemberSolver } from "./_members.ts";
import type { ModelFamily } from "./family.ts";

/** scikit-learn's `class_weight="balanced"` per class: n / (K · n_c) over the K classes present (1 for the absent). */
export function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const count = new Float64Array(classes);
  for (const c of y) count[c]++;
  const present = count.filter((c) => c > 0).length;
  return count.map((c) => (c > 0 ? y.length / (present * c) : 1));
}

/** A solver's curve: one point, its time since `t0` (ms, `performance.now()`), and the loss when it has one. */
export function solvedCurve(t0: number, loss = NaN): Curve {
  const seconds = (performance.now() - t0) / 1000;
  return {
    history: [{ epoch: 0, loss, accuracy: NaN, valLoss: NaN, valAccuracy: NaN, lr: 0, seconds }],
    bestEpoch: 0,
    stoppedEarly: false,
  };
}

/**
 * A family fitted by `solve` on the standardised rows: one member, every use mode. `build` makes the member the solver
 * sets (default: one softmax layer); a solver that builds its own network returns it instead.
 */
export function solverFamily(spec: {
  name: string;
  aliases: string[];
  featureSet: FeatureSetName;
  description: string;
  solve: MemberSolver;
  build?: typeof buildLinearSoftmax;
}): ModelFamily {
  return mlpEnsembleFamily({
    ...spec,
    modes: ["global", "enrolled", "transductive"],
    defaultModes: ["global", "enrolled", "transductive"],
    members: 1,
    build: spec.build ?? buildLinearSoftmax,
    finalEpochs: 1,
    defaultAugment: 0,
    recipe: { epochs: 1, batchSize: 32, learningRate: 0, patience: 1, lrPatience: 1, minLr: 0 },
  });
}
