import * as tf from "@tensorflow/tfjs";

/** Options for {@linkcode buildOriginalMlp}. */
export interface OriginalMlpOptions {
  /** Input features. Default 195. */
  inputDim?: number;
  /** Output classes. Default 8. */
  numClasses?: number;
}

/** The hidden layers of the seed's network: units and dropout rate. */
export const ORIGINAL_MLP_LAYERS = [[512, 0.3], [256, 0.3], [128, 0.3], [64, 0.2]] as const;

/**
 * The seed's network: Dense 512 ReLU → Dropout 0.3 → BatchNorm → Dense 256 → Dropout 0.3 → BN → Dense 128 → Dropout 0.3
 * → BN → Dense 64 → Dropout 0.2 → BN → Dense softmax, Glorot-uniform kernels, zero biases, Keras BatchNorm defaults
 * (momentum 0.99, ε = 1e-3). With 195 inputs and 8 classes it has 277,192 parameters, 275,272 trainable.
 *
 * Initial weights come from tfjs's initialisers, which draw from `Math.random`; run inside
 * {@linkcode withSeededRandom} for reproducible weights.
 *
 * @example
 * const model = buildOriginalMlp({ inputDim: 195, numClasses: 8 });
 * model.countParams(); // 277192
 */
export function buildOriginalMlp(options: OriginalMlpOptions = {}): tf.Sequential {
  const { inputDim = 195, numClasses = 8 } = options;
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(`\`inputDim\` must be a positive integer: received ${inputDim}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`\`numClasses\` must be an integer ≥ 2: received ${numClasses}`);
  }
  const model = tf.sequential({ name: "seed_mlp" });
  ORIGINAL_MLP_LAYERS.forEach(([units, rate], i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: "relu",
        kernelInitializer: "glorotUniform",
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
      }),
    );
    model.add(tf.layers.dropout({ rate }));
    model.add(tf.layers.batchNormalization());
  });
  model.add(tf.layers.dense({ units: numClasses, activation: "softmax", kernelInitializer: "glorotUniform" }));
  return model;
}

/** One row of a model summary. */
export interface LayerSummary {
  layer: string;
  type: string;
  output: string;
  parameters: number;
  trainable: boolean;
}

/**
 * Keras-style summary rows: each layer's name, type, output shape and parameter count (BatchNorm's moving statistics
 * count as non-trainable, as in Keras).
 *
 * @example
 * modelSummary(buildOriginalMlp()).reduce((s, r) => s + r.parameters, 0); // 277192
 */
export function modelSummary(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((l) => ({
    layer: l.name,
    type: l.getClassName(),
    output: JSON.stringify(l.outputShape).replace(/null/g, "None"),
    parameters: l.countParams(),
    trainable: l.trainableWeights.length > 0,
  }));
}

/**
 * Dense(units, ReLU) → Dropout → BatchNorm → Dense(softmax): a one-block MLP the fused trainer runs.
 *
 * @param options.units Hidden units. Default 512.
 * @param options.dropout Dropout rate. Default 0.3.
 * @example
 * const m = buildBlockMlp(676, 7, { units: 512 });
 */
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
 * The small gender model: Dense 64 (ReLU) → Dropout 0.2 → BatchNorm → softmax over female/male.
 *
 * @example
 * const g = buildGenderMlp(676);
 */
export function buildGenderMlp(inputDim: number): tf.Sequential {
  return buildBlockMlp(inputDim, 2, { units: 64, dropout: 0.2 });
}
