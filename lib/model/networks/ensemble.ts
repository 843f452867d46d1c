import * as tf from "@tensorflow/tfjs";

/**
 * One tfjs model that averages the softmax outputs of several MLPs trained from different seeds, so an ensemble is a
 * single artifact (`model.json` + `weights.bin`, loadable in a browser). Each member's Dense, Dropout and
 * BatchNormalization layers are rebuilt under the member's prefix on a shared input and given the member's weights;
 * with one member, that member is returned as is.
 *
 * @param members Trained models with the same input width and output classes.
 * @throws {RangeError} If there are no members, their shapes differ, or a member has a layer other than Dense,
 *   Dropout or BatchNormalization.
 * @example
 * const model = ensembleModel([m1, m2, m3]);
 */
export function ensembleModel(members: readonly tf.LayersModel[]): tf.LayersModel {
  if (members.length === 0) throw new RangeError("an ensemble needs at least one member");
  if (members.length === 1) return members[0];
  const inputDim = members[0].inputs[0].shape[1] as number;
  const classes = members[0].outputs[0].shape[1] as number;
  const input = tf.input({ shape: [inputDim], name: "features" });
  const outputs: tf.SymbolicTensor[] = [];
  const copies: [tf.layers.Layer, tf.Tensor[]][] = [];
  members.forEach((m, k) => {
    if (m.inputs[0].shape[1] !== inputDim || m.outputs[0].shape[1] !== classes) {
      throw new RangeError(`ensemble member ${k} has shape ${m.inputs[0].shape} → ${m.outputs[0].shape}`);
    }
    let h: tf.SymbolicTensor = input;
    for (const layer of m.layers) {
      const c: Record<string, unknown> = {
        ...(layer.getConfig() as Record<string, unknown>),
        name: `m${k}_${layer.name}`,
      };
      delete c.batchInputShape;
      delete c.inputShape;
      const cls = layer.getClassName();
      // deno-lint-ignore no-explicit-any
      const make: Record<string, (c: any) => tf.layers.Layer> = {
        Dense: tf.layers.dense,
        Dropout: tf.layers.dropout,
        BatchNormalization: tf.layers.batchNormalization,
        Activation: tf.layers.activation,
      };
      if (!make[cls]) throw new RangeError(`ensemble member ${k}: cannot rebuild a ${cls} layer`);
      const copy = make[cls](c);
      h = copy.apply(h) as tf.SymbolicTensor;
      copies.push([copy, layer.getWeights()]);
    }
    outputs.push(h);
  });
  const avg = tf.layers.average({ name: "ensemble_mean" }).apply(outputs) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: avg, name: `ensemble_of_${members.length}` });
  for (const [layer, w] of copies) layer.setWeights(w);
  return model;
}
