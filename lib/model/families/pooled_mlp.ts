import { buildBlockMlp } from "../mlp.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";

/**
 * `pooled-mlp`: an ensemble of five one-block MLPs (Dense 512 → Dropout 0.3 → BatchNorm → softmax) on the 676 pooled
 * frame descriptors, trained for the global and transductive modes unless asked otherwise — the best model on real
 * RAVDESS's speaker folds with transductive normalisation (README, "Models").
 */
export const POOLED_MLP = mlpEnsembleFamily({
  name: "pooled-mlp",
  aliases: ["pooled"],
  featureSet: "pooled",
  description: "ensemble of 5 MLPs, Dense 512 (ReLU) → Dropout 0.3 → BatchNorm → softmax, on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "transductive"],
  members: 5,
  build: (inputDim, numClasses) => buildBlockMlp(inputDim, numClasses),
  // Without validation speakers (train --split none, cv --protocol corpus): the median kept epoch over ravdess6's folds.
  finalEpochs: 4,
  recipe: { epochs: 60, batchSize: 32, learningRate: 1e-3, patience: 10, lrPatience: 5, minLr: 1e-7 },
});
