import { fitSvc } from "../engine/support_vector_classifier.ts";
import { buildLinearSoftmax } from "../networks/linear.ts";
import { buildRbfSvm } from "../networks/rbf_svm.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";
import type { MemberSolver } from "./_members.ts";

/** scikit-learn's `class_weight="balanced"` per class: n / (K · n_c) (1 for a class without rows). */
function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const count = new Float64Array(classes);
  for (const c of y) count[c]++;
  const present = count.filter((c) => c > 0).length;
  return count.map((c) => (c > 0 ? y.length / (present * c) : 1));
}

/** Train libsvm's C-SVC on the standardised rows and build its network (support vectors, pairs, coefficients). */
const solveSvc: MemberSolver = (_placeholder, train, classes, { balanced }) => {
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const fit = fitSvc(train.x, train.y, {
    dim,
    classes,
    classWeight: balanced ? balancedClassWeights(train.y, classes) : undefined,
  });
  const l = fit.supportRows.length, sv = new Float32Array(l * dim);
  fit.supportRows.forEach((r, s) => sv.set(train.x.subarray(r * dim, (r + 1) * dim), s * dim));
  const model = buildRbfSvm(dim, classes, {
    gamma: fit.gamma,
    supportVectors: sv,
    pairs: fit.pairs,
    coef: Float32Array.from(fit.coef),
    rho: Float32Array.from(fit.rho),
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    model,
    history: [{ epoch: 0, loss: NaN, accuracy: NaN, valLoss: NaN, valAccuracy: NaN, lr: 0, seconds }],
    bestEpoch: 0,
    stoppedEarly: false,
  };
};

/**
 * `svm`: an RBF support vector classifier (C = 1, γ = "scale": scikit-learn's `SVC()` defaults) trained by libsvm 3.37
 * compiled to WebAssembly, on the 676 pooled descriptors standardised on the training rows — in every use mode. Its
 * network holds the support vectors and the one-vs-one decisions (`networks/rbf_svm.ts`); its "probabilities" are a
 * softmax of scikit-learn's one-vs-rest decision values, not calibrated.
 */
export const SVM = mlpEnsembleFamily({
  name: "svm",
  aliases: ["svc", "rbf-svm"],
  featureSet: "pooled",
  description:
    "RBF support vector classifier (libsvm; C = 1, gamma = scale: scikit-learn's SVC defaults) on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "enrolled", "transductive"],
  members: 1,
  build: buildLinearSoftmax, // a placeholder: the solver builds the network once it knows the support vectors
  solve: solveSvc,
  finalEpochs: 1,
  defaultAugment: 0,
  recipe: { epochs: 1, batchSize: 32, learningRate: 0, patience: 1, lrPatience: 1, minLr: 0 },
});
