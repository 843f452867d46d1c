import * as tf from "@tensorflow/tfjs";

/**
 * An RBF support vector classifier as a network, so that it saves, loads and predicts as every other model does:
 *
 * - `RbfKernel` (weights: the support vectors `[l][d]`; config: γ): `k_s(x) = exp(−γ ‖x − sv_s‖²)`, computed as
 *   `exp(−γ (‖x‖² − 2 x·sv_s + ‖sv_s‖²))`;
 * - `OvoDecision` (weights: each pair's dual coefficients `[l][P]` and intercepts `[P]`; config: the pairs): libsvm's
 *   one-vs-one decision values `d_p = Σ_s coef_{s,p} k_s − ρ_p`, turned into scikit-learn's one-vs-rest decision
 *   (`SVC.decision_function`): votes (class `i` of pair `(i, j)` wins when `d_p > 0`) plus the summed confidences
 *   squashed into (−⅓, ⅓) — then a softmax, so the "probabilities" rank as that decision does. They are not
 *   Platt-calibrated; their argmax is `SVC(break_ties=True).predict`.
 *
 * @module
 */

/** The RBF kernel against the support vectors. */
export class RbfKernel extends tf.layers.Layer {
  static className = "RbfKernel";
  readonly gamma: number;
  readonly units: number;
  #sv: tf.LayerVariable | null = null;

  constructor(config: { gamma: number; units: number; name?: string; inputShape?: number[] }) {
    super(config);
    this.gamma = config.gamma;
    this.units = config.units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const d = (inputShape as number[])[1];
    this.#sv = this.addWeight("support_vectors", [this.units, d], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as number[])[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const sv = this.#sv!.read() as tf.Tensor2D;
      const xx = x.square().sum(1, true);
      const ss = sv.square().sum(1).reshape([1, -1]);
      const d2 = xx.add(ss).sub(x.matMul(sv, false, true).mul(2)).relu();
      return d2.mul(-this.gamma).exp();
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), gamma: this.gamma, units: this.units };
  }
}

/** libsvm's one-vs-one decision values → scikit-learn's one-vs-rest decision → softmax. */
export class OvoDecision extends tf.layers.Layer {
  static className = "OvoDecision";
  /** Class index pairs `[i, j]`, one per decision value. */
  readonly pairs: [number, number][];
  readonly classes: number;
  #coef: tf.LayerVariable | null = null;
  #rho: tf.LayerVariable | null = null;

  constructor(config: { pairs: [number, number][]; classes: number; name?: string }) {
    super(config);
    this.pairs = config.pairs;
    this.classes = config.classes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const l = (inputShape as number[])[1];
    this.#coef = this.addWeight("coef", [l, this.pairs.length], "float32", tf.initializers.zeros());
    this.#rho = this.addWeight("rho", [this.pairs.length], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as number[])[0], this.classes];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const k = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const dec = k.matMul(this.#coef!.read() as tf.Tensor2D).sub(this.#rho!.read());
      // Each pair adds to its classes: a vote (i when d > 0, else j) and ±d to the summed confidences.
      const toI = tf.buffer([this.pairs.length, this.classes]), toJ = tf.buffer([this.pairs.length, this.classes]);
      this.pairs.forEach(([i, j], p) => (toI.set(1, p, i), toJ.set(1, p, j)));
      const [I, J] = [toI.toTensor(), toJ.toTensor()];
      const wins = dec.greater(0).cast("float32");
      const votes = wins.matMul(I).add(tf.onesLike(wins).sub(wins).matMul(J));
      const conf = dec.matMul(I.sub(J));
      const ovr = votes.add(conf.div(conf.abs().add(1).mul(3)));
      return ovr.softmax();
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pairs: this.pairs, classes: this.classes };
  }
}

tf.serialization.registerClass(RbfKernel);
tf.serialization.registerClass(OvoDecision);

/** What an RBF SVM network holds: the support vectors, the pairs and their coefficients and intercepts. */
export interface RbfSvmWeights {
  gamma: number;
  /** Row-major `[l][d]`. */
  supportVectors: Float32Array;
  /** Class index pairs. */
  pairs: [number, number][];
  /** Row-major `[l][P]`. */
  coef: Float32Array;
  rho: Float32Array;
}

/**
 * Build the network of a trained RBF SVM.
 *
 * @example
 * const model = buildRbfSvm(676, 7, weights);
 */
export function buildRbfSvm(inputDim: number, numClasses: number, w: RbfSvmWeights): tf.Sequential {
  const l = w.supportVectors.length / inputDim;
  const model = tf.sequential({
    layers: [
      new RbfKernel({ gamma: w.gamma, units: l, inputShape: [inputDim], name: "rbf_kernel" }),
      new OvoDecision({ pairs: w.pairs, classes: numClasses, name: "ovo_decision" }),
    ],
  });
  const weights = [
    tf.tensor2d(w.supportVectors, [l, inputDim]),
    tf.tensor2d(w.coef, [l, w.pairs.length]),
    tf.tensor1d(w.rho),
  ];
  model.layers[0].setWeights([weights[0]]);
  model.layers[1].setWeights(weights.slice(1));
  tf.dispose(weights);
  return model;
}
