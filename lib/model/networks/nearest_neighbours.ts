import * as tf from "@tensorflow/tfjs";

/**
 * k nearest neighbours as a network, so that it saves, loads, predicts and exports as every other model does: one
 * `NearestNeighbours` layer holding the (standardised) training rows and their one-hot labels; a row's output is the
 * share of its `k` nearest training rows (Euclidean) in each class — scikit-learn's
 * `KNeighborsClassifier(n_neighbors=k).predict_proba`, whose argmax (the lowest class among ties) is its `predict`.
 *
 * @module
 */
export class NearestNeighbours extends tf.layers.Layer {
  static className = "NearestNeighbours";
  readonly k: number;
  readonly rows: number;
  readonly classes: number;
  #x: tf.LayerVariable | null = null;
  #y: tf.LayerVariable | null = null;

  constructor(config: { k: number; rows: number; classes: number; name?: string; inputShape?: number[] }) {
    super(config);
    this.k = config.k;
    this.rows = config.rows;
    this.classes = config.classes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const d = (inputShape as number[])[1];
    this.#x = this.addWeight("rows", [this.rows, d], "float32", tf.initializers.zeros());
    this.#y = this.addWeight("labels_one_hot", [this.rows, this.classes], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as number[])[0], this.classes];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const t = this.#x!.read() as tf.Tensor2D;
      // ‖x − t‖² up to the per-row constant ‖x‖², which does not change the order.
      const d2 = t.square().sum(1).reshape([1, -1]).sub(x.matMul(t, false, true).mul(2));
      const { indices } = tf.topk(d2.neg(), Math.min(this.k, this.rows));
      const votes = tf.gather(this.#y!.read(), indices.reshape([-1])).reshape([-1, indices.shape[1]!, this.classes]);
      return votes.sum(1).div(indices.shape[1]!);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), k: this.k, rows: this.rows, classes: this.classes };
  }
}

tf.serialization.registerClass(NearestNeighbours);

/**
 * Build the network of k nearest neighbours over `x` (standardised rows) labelled `y`.
 *
 * @example
 * const model = buildNearestNeighbours(676, 7, { x, y, k: 5 });
 */
export function buildNearestNeighbours(
  inputDim: number,
  numClasses: number,
  o: { x: Float32Array; y: Int32Array; k: number },
): tf.Sequential {
  const n = o.y.length, oneHot = new Float32Array(n * numClasses);
  o.y.forEach((c, i) => (oneHot[i * numClasses + c] = 1));
  const model = tf.sequential({
    layers: [new NearestNeighbours({ k: o.k, rows: n, classes: numClasses, inputShape: [inputDim], name: "knn" })],
  });
  const w = [tf.tensor2d(o.x, [n, inputDim]), tf.tensor2d(oneHot, [n, numClasses])];
  model.layers[0].setWeights(w);
  tf.dispose(w);
  return model;
}
