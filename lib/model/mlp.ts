import * as tf from "@tensorflow/tfjs";

/** Options for {@linkcode buildSeedMlp}. */
export interface SeedMlpOptions {
  /** Input features. Default 195. */
  inputDim?: number;
  /** Output classes. Default 8. */
  numClasses?: number;
}

/** The hidden layers of the seed's network: units and dropout rate. */
export const SEED_MLP_LAYERS = [[512, 0.3], [256, 0.3], [128, 0.3], [64, 0.2]] as const;

/**
 * The seed's network: Dense 512 ReLU → Dropout 0.3 → BatchNorm → Dense 256 → Dropout 0.3 → BN → Dense 128 → Dropout 0.3
 * → BN → Dense 64 → Dropout 0.2 → BN → Dense softmax, Glorot-uniform kernels, zero biases, Keras BatchNorm defaults
 * (momentum 0.99, ε = 1e-3). With 195 inputs and 8 classes it has 277,192 parameters, 275,272 trainable.
 *
 * Initial weights come from tfjs's initialisers, which draw from `Math.random`; run inside
 * {@linkcode withSeededRandom} for reproducible weights.
 *
 * @example
 * const model = buildSeedMlp({ inputDim: 195, numClasses: 8 });
 * model.countParams(); // 277192
 */
export function buildSeedMlp(options: SeedMlpOptions = {}): tf.Sequential {
  const { inputDim = 195, numClasses = 8 } = options;
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(`\`inputDim\` must be a positive integer: received ${inputDim}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`\`numClasses\` must be an integer ≥ 2: received ${numClasses}`);
  }
  const model = tf.sequential({ name: "seed_mlp" });
  SEED_MLP_LAYERS.forEach(([units, rate], i) => {
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
