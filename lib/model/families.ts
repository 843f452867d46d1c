import * as tf from "@tensorflow/tfjs";
import type { FeatureSetName } from "../features/feature_sets.ts";
import { buildSeedMlp } from "./mlp.ts";
import type { TrainOptions } from "./train.ts";

/** The model families `train`, `cv` and `predict` know. */
export type ModelFamilyName = "seed-mlp" | "pooled-mlp";

/** A model family: its features, architecture, training recipe and defaults. */
export interface ModelFamily {
  name: ModelFamilyName;
  /** The feature set its models take. */
  featureSet: FeatureSetName;
  /** One line for logs and metadata. */
  description: string;
  /** Speaker normalisation used unless asked otherwise. */
  defaultSpeakerNorm: "speaker" | "none";
  /** Seeds averaged into one ensemble model. */
  members: number;
  /** Build one (untrained) member. */
  build(inputDim: number, numClasses: number): tf.Sequential;
  /** The training recipe (the caller adds seed and callbacks). */
  recipe: Pick<TrainOptions, "epochs" | "batchSize" | "learningRate" | "patience" | "lrPatience" | "minLr">;
}

/** Dense(units, ReLU) → Dropout → BatchNorm → Dense(softmax): a one-block MLP the fused trainer runs. */
export function buildBlockMlp(
  inputDim: number,
  numClasses: number,
  options: { units?: number; dropout?: number } = {},
): tf.Sequential {
  const { units = 512, dropout = 0.3 } = options;
  const m = tf.sequential();
  m.add(tf.layers.dense({ units, activation: "relu", inputShape: [inputDim], kernelInitializer: "glorotUniform" }));
  m.add(tf.layers.dropout({ rate: dropout }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.dense({ units: numClasses, activation: "softmax", kernelInitializer: "glorotUniform" }));
  return m;
}

/**
 * - `seed-mlp`: the original project's network and recipe on its 195 features (the parity baseline, `train`'s
 *   default).
 * - `pooled-mlp`: an ensemble of five one-block MLPs (512 units, dropout 0.3, BatchNorm) on the 676 pooled frame
 *   descriptors, per-speaker normalised by default — chosen by cross-validated UA on real RAVDESS (README, "Models").
 */
export const MODEL_FAMILIES: Record<ModelFamilyName, ModelFamily> = {
  "seed-mlp": {
    name: "seed-mlp",
    featureSet: "seed",
    description: "Sequential MLP 512-256-128-64 (ReLU, Dropout 0.3/0.3/0.3/0.2, BatchNorm) + softmax",
    defaultSpeakerNorm: "none",
    members: 1,
    build: (inputDim, numClasses) => buildSeedMlp({ inputDim, numClasses }),
    recipe: { epochs: 100, batchSize: 32, learningRate: 1e-3, patience: 15, lrPatience: 5, minLr: 1e-7 },
  },
  "pooled-mlp": {
    name: "pooled-mlp",
    featureSet: "pooled",
    description: "ensemble of 5 MLPs, Dense 512 (ReLU) → Dropout 0.3 → BatchNorm → softmax, on 676 pooled descriptors",
    defaultSpeakerNorm: "speaker",
    members: 5,
    build: (inputDim, numClasses) => buildBlockMlp(inputDim, numClasses),
    recipe: { epochs: 60, batchSize: 32, learningRate: 1e-3, patience: 10, lrPatience: 5, minLr: 1e-7 },
  },
};

/**
 * A model family by name.
 *
 * @throws {RangeError} For an unknown name.
 * @example
 * modelFamily("pooled-mlp").featureSet; // "pooled"
 */
export function modelFamily(name: string): ModelFamily {
  const f = MODEL_FAMILIES[name as ModelFamilyName];
  if (!f) throw new RangeError(`unknown model family "${name}" (expected ${Object.keys(MODEL_FAMILIES).join(" or ")})`);
  return f;
}

/** The small gender model: Dense 64 (ReLU) → Dropout 0.2 → BatchNorm → softmax over female/male. */
export function buildGenderMlp(inputDim: number): tf.Sequential {
  return buildBlockMlp(inputDim, 2, { units: 64, dropout: 0.2 });
}
