import { buildLinearSoftmax } from "../networks/linear.ts";
import { buildNearestNeighbours } from "../networks/nearest_neighbours.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";
import type { MemberSolver } from "./_members.ts";

/** Keep the standardised training rows: the network finds each row's 5 nearest among them. */
const keepRows: MemberSolver = (_placeholder, train, classes, { balanced }) => {
  if (balanced) throw new RangeError("knn takes no class weights: use --balance oversample");
  const dim = train.x.length / Math.max(1, train.y.length), t0 = performance.now();
  const model = buildNearestNeighbours(dim, classes, { x: train.x, y: train.y, k: 5 });
  const seconds = (performance.now() - t0) / 1000;
  return {
    model,
    history: [{ epoch: 0, loss: NaN, accuracy: NaN, valLoss: NaN, valAccuracy: NaN, lr: 0, seconds }],
    bestEpoch: 0,
    stoppedEarly: false,
  };
};

/**
 * `knn`: the 5 nearest training clips vote (scikit-learn's `KNeighborsClassifier()` defaults: 5 neighbours, uniform
 * weights, Euclidean distance) on the 676 pooled descriptors standardised on the training rows — in every use mode.
 * The probabilities are the vote shares, as `predict_proba`'s. The model holds every training row.
 */
export const KNN = mlpEnsembleFamily({
  name: "knn",
  aliases: ["k-nearest-neighbours", "nearest-neighbours"],
  featureSet: "pooled",
  description: "5 nearest neighbours (scikit-learn's KNeighborsClassifier defaults) on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "enrolled", "transductive"],
  members: 1,
  build: buildLinearSoftmax, // a placeholder: the solver builds the network around the training rows
  solve: keepRows,
  finalEpochs: 1,
  defaultAugment: 0,
  recipe: { epochs: 1, batchSize: 32, learningRate: 0, patience: 1, lrPatience: 1, minLr: 0 },
});
