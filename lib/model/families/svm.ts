import { fitSvc } from "../engine/support_vector_classifier.ts";
import { buildRbfSvm } from "../networks/rbf_svm.ts";
import type { MemberSolver } from "./_members.ts";
import { balancedClassWeights, solvedCurve, solverFamily } from "./_solver_family.ts";

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
  return { model, ...solvedCurve(t0) };
};

/**
 * `svm`: an RBF support vector classifier (C = 1, γ = "scale": scikit-learn's `SVC()` defaults) trained by libsvm 3.37
 * compiled to WebAssembly, on the 676 pooled descriptors standardised on the training rows — in every use mode. Its
 * network holds the support vectors and the one-vs-one decisions (`networks/rbf_svm.ts`); its "probabilities" are a
 * softmax of scikit-learn's one-vs-rest decision values, not calibrated.
 */
export const SVM = solverFamily({
  name: "svm",
  aliases: ["svc", "rbf-svm"],
  featureSet: "pooled",
  description:
    "RBF support vector classifier (libsvm; C = 1, gamma = scale: scikit-learn's SVC defaults) on 676 pooled descriptors",
  solve: solveSvc, // builds the network once it knows the support vectors
});
