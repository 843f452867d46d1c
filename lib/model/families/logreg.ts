import * as tf from "@tensorflow/tfjs";
import { fitLogisticRegression } from "../engine/logistic_regression.ts";
import { buildLinearSoftmax } from "../networks/linear.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";
import type { MemberSolver } from "./_members.ts";

/** scikit-learn's `class_weight="balanced"`: each row weighted n / (K · n_label). */
export function balancedWeights(y: Int32Array, classes: number): Float64Array {
  const count = new Float64Array(classes);
  for (const c of y) count[c]++;
  const present = count.filter((c) => c > 0).length;
  return Float64Array.from(y, (c) => y.length / (present * count[c]));
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
  const loss = fit.loss / train.y.length;
  return {
    history: [{
      epoch: 0,
      loss,
      accuracy: NaN,
      valLoss: NaN,
      valAccuracy: NaN,
      lr: 0,
      seconds: (performance.now() - t0) / 1000,
    }],
    bestEpoch: 0,
    stoppedEarly: false,
  };
};

/**
 * `logreg`: multinomial logistic regression with an L2 penalty (C = 1), scikit-learn's `LogisticRegression()` run to
 * its optimum, on the 676 pooled descriptors standardised on the training rows — a classic baseline beside the
 * networks, in every use mode. Fitted by L-BFGS (`engine/logistic_regression.ts`); no epochs, no augmentation unless
 * asked.
 */
export const LOGREG = mlpEnsembleFamily({
  name: "logreg",
  aliases: ["logistic-regression"],
  featureSet: "pooled",
  description: "multinomial logistic regression (L2, C = 1: scikit-learn's defaults) on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "enrolled", "transductive"],
  members: 1,
  build: buildLinearSoftmax,
  solve: solveLogisticRegression,
  finalEpochs: 1,
  defaultAugment: 0,
  recipe: { epochs: 1, batchSize: 32, learningRate: 0, patience: 1, lrPatience: 1, minLr: 0 },
});
