import * as tf from "@tensorflow/tfjs";
import { fitLinearSvc } from "../engine/linear_svc.ts";
import type { MemberSolver } from "./_members.ts";
import { balancedClassWeights, solvedCurve, solverFamily } from "./_solver_family.ts";

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
  return solvedCurve(t0);
};

/**
 * `linear-svm`: one-vs-rest linear SVMs (C = 1, squared hinge, L2: scikit-learn's `LinearSVC()` defaults) on the 676
 * pooled descriptors standardised on the training rows, in every use mode; one softmax layer over the decision values
 * (their argmax is `LinearSVC.predict`; the probabilities are not calibrated).
 */
export const LINEAR_SVM = solverFamily({
  name: "linear-svm",
  aliases: ["linearsvc", "linear-svc"],
  featureSet: "pooled",
  description:
    "one-vs-rest linear SVMs (squared hinge, C = 1: scikit-learn's LinearSVC defaults) on 676 pooled descriptors",
  solve: solveLinearSvc,
});
