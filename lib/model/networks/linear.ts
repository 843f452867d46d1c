import * as tf from "@tensorflow/tfjs";

/**
 * A linear classifier as a network: one Dense layer of `numClasses` softmax units on the (standardised) features —
 * the form multinomial logistic regression takes, so that it saves, loads, predicts and exports to ONNX as every
 * other model does.
 *
 * @example
 * const model = buildLinearSoftmax(676, 7);
 */
export function buildLinearSoftmax(inputDim: number, numClasses: number): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [inputDim], units: numClasses, activation: "softmax", name: "linear" })],
  });
}
