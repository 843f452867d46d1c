import { buildOriginalMlp } from "../networks/mlp.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";

/**
 * `original-mlp`: the original project's network and recipe on its 195 librosa features — Dense 512-256-128-64 (ReLU,
 * Dropout 0.3/0.3/0.3/0.2, BatchNorm) and softmax, Adam 1e-3, batch 32, early stopping on val_loss — the parity
 * baseline. Trained for the global mode unless asked for more.
 */
export const ORIGINAL_MLP = mlpEnsembleFamily({
  name: "original-mlp",
  aliases: ["original", "seed-mlp", "seed"],
  featureSet: "original",
  description: "Sequential MLP 512-256-128-64 (ReLU, Dropout 0.3/0.3/0.3/0.2, BatchNorm) + softmax",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global"],
  members: 1,
  build: (inputDim, numClasses) => buildOriginalMlp({ inputDim, numClasses }),
  // Without validation speakers: the median kept epoch over ravdess6's folds (4, 4, 5, 7, 11, 13).
  finalEpochs: 6,
  // The seed's recipe had none.
  defaultAugment: 0,
  recipe: { epochs: 100, batchSize: 32, learningRate: 1e-3, patience: 15, lrPatience: 5, minLr: 1e-7 },
});
