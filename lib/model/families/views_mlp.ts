import { POOLED_VIEWS } from "../../features/feature_views.ts";
import { buildBlockMlp } from "../networks/mlp.ts";
import { mlpEnsembleFamily } from "./_mlp_ensemble.ts";

/**
 * `views-mlp`: two one-block MLPs (Dense 512 → Dropout 0.3 → BatchNorm → softmax) on each of three views of the 676
 * pooled descriptors — as measured, with the clip's level taken out, and each spectral descriptor relative to its clip
 * mean — averaged as one model (each view folded into its members' first layer). Across corpora it is the best on
 * clips in the enrolled and transductive modes (leave-one-corpus-out, +2.2 and +2.4 UA over `pooled-mlp`), but on
 * the 3 s windows of a timeline or a live stream its labels drift (a one-mood recording's majority label right 48 %
 * of the time against 55 % for its single clips), so it is not the default (README, "A new voice").
 */
export const VIEWS_MLP = mlpEnsembleFamily({
  name: "views-mlp",
  aliases: ["views"],
  featureSet: "pooled",
  description:
    "ensemble of 6 MLPs (2 per view: as measured, level taken out, relative to the clip mean), Dense 512 (ReLU) → " +
    "Dropout 0.3 → BatchNorm → softmax, on 676 pooled descriptors",
  modes: ["global", "enrolled", "transductive"],
  defaultModes: ["global", "enrolled", "transductive"],
  members: 2,
  views: [POOLED_VIEWS["as-measured"], POOLED_VIEWS.level, POOLED_VIEWS.relative],
  build: (inputDim, numClasses) => buildBlockMlp(inputDim, numClasses),
  finalEpochs: 6,
  // Not measured with augmentation; its level-free view is its answer to quiet microphones.
  defaultAugment: 0,
  recipe: { epochs: 40, batchSize: 64, learningRate: 1e-3, patience: 6, lrPatience: 3, minLr: 1e-6 },
});
