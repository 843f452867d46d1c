import * as tf from "@tensorflow/tfjs";
import { fitLogisticRegression } from "../engine/logistic_regression.ts";
import type { MemberSolver } from "./_members.ts";
import { balancedClassWeights, solvedCurve, solverFamily } from "./_solver_family.ts";

/** scikit-learn's `class_weight="balanced"`: each row weighted n / (K · n_label). */
export function balancedWeights(y: Int32Array, classes: number): Float64Array {
  const perClass = balancedClassWeights(y, classes);
  return Float64Array.from(y, (c) => perClass[c]);
}

/** Set the softmax layer to scikit-learn's `LogisticRegression()` optimum on the standardised rows. */
const solveLogisticRegression: MemberSolver = (model, train, classes, { balanced }) => {
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const fit = fitLogisticRegression(train.x, train.y, {
    dim,
    classes,
    sampleWeight: balanced ? balancedWeights(train.y, classes) : undefined,
  });
  model.layers[0].setWeights([
    tf.tensor2d(Float32Array.from(fit.W), [dim, classes]),
    tf.tensor1d(Float32Array.from(fit.b)),
  ]);
  return solvedCurve(t0, fit.loss / train.y.length);
};

/**
 * `logreg`: multinomial logistic regression with an L2 penalty (C = 1), scikit-learn's `LogisticRegression()` run to
 * its optimum, on the 676 pooled descriptors standardised on the training rows — a classic baseline beside the
 * networks, in every use mode. Fitted by L-BFGS (`engine/logistic_regression.ts`); no epochs, no augmentation unless
 * asked.
 */
export const LOGREG = solverFamily({
  name: "logreg",
  aliases: ["logistic-regression"],
  featureSet: "pooled",
  description: "multinomial logistic regression (L2, C = 1: scikit-learn's defaults) on 676 pooled descriptors",
  solve: solveLogisticRegression,
});
