import { buildNearestNeighbours } from "../networks/nearest_neighbours.ts";
import type { MemberSolver } from "./_members.ts";
import { solvedCurve, solverFamily } from "./_solver_family.ts";

/** Keep the standardised training rows: the network finds each row's 5 nearest among them. */
const keepRows: MemberSolver = (_placeholder, train, classes, { balanced }) => {
  if (balanced) throw new RangeError("knn takes no class weights: use --balance oversample");
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const model = buildNearestNeighbours(dim, classes, { x: train.x, y: train.y, k: 5 });
  return { model, ...solvedCurve(t0) };
};

/**
 * `knn`: the 5 nearest training clips vote (scikit-learn's `KNeighborsClassifier()` defaults: 5 neighbours, uniform
 * weights, Euclidean distance) on the 676 pooled descriptors standardised on the training rows — in every use mode.
 * The probabilities are the vote shares, as `predict_proba`'s. The model holds every training row.
 */
export const KNN = solverFamily({
  name: "knn",
  aliases: ["k-nearest-neighbours", "nearest-neighbours"],
  featureSet: "pooled",
  description: "5 nearest neighbours (scikit-learn's KNeighborsClassifier defaults) on 676 pooled descriptors",
  solve: keepRows, // builds the network around the training rows
});
