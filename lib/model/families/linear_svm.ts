import * as tf from "@tensorflow/tfjs";
import { fitLinearSvc } from "../engine/linear_svc.ts";
import { buildLinearSoftmax } from "../networks/linear.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";
import type { MemberSolver } from "./_members.ts";

/** scikit-learn's `class_weight="balanced"` per class: n / (K · n_c). */
function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const count = new Float64Array(classes);
  for (const c of y) count[c]++;
  const present = count.filter((c) => c > 0).length;
  return count.map((c) => (c > 0 ? y.length / (present * c) : 1));
}

/** Set the softmax layer to the one-vs-rest linear SVMs' decision functions. */
const solveLinearSvc: MemberSolver = (model, train, classes, { balanced }) => {
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const fit = fitLinearSvc(train.x, train.y, {
    dim,
    classes,
    classWeight: balanced ? balancedClassWeights(train.y, classes) : undefined,
  });
  const w = [tf.tensor2d(Float32Array.from(fit.W), [dim, classes]), tf.tensor1d(Float32Array.from(fit.b))];
  model.layers[0].setWeights(w);
  tf.dispose(w);
  const seconds = (performance.now() - t0) / 1000;
  return {
    history: [{ epoch: 0, loss: NaN, accuracy: NaN, valLoss: NaN, valAccuracy: NaN, lr: 0, seconds }],
    bestEpoch: 0,
    stoppedEarly: false,
  };
};

/**
 * `linear-svm`: one-vs-rest linear SVMs (C = 1, squared hinge, L2: scikit-learn's `LinearSVC()` defaults) on the 676
 * pooled descriptors standardised on the training rows, in every use mode; one softmax layer over the decision values
 * (their argmax is `LinearSVC.predict`; the probabilities are not calibrated).
 */
export const LINEAR_SVM = mlpEnsembleFamily({
  name: "linear-svm",
  aliases: ["linearsvc", "linear-svc"],
  featureSet: "pooled",
  description:
    "one-vs-rest linear SVMs (squared hinge, C = 1: scikit-learn's LinearSVC defaults) on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "enrolled", "transductive"],
  members: 1,
  build: buildLinearSoftmax,
  solve: solveLinearSvc,
  finalEpochs: 1,
  defaultAugment: 0,
  recipe: { epochs: 1, batchSize: 32, learningRate: 0, patience: 1, lrPatience: 1, minLr: 0 },
});
