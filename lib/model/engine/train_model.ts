import * as tf from "@tensorflow/tfjs";
import { BestCheckpoint, EarlyStopping, ReduceLrOnPlateau } from "./callbacks.ts";
import { seededRandom } from "./seeded_random.ts";
import { FusedMlpTrainer, isFusableMlp } from "./_fused_mlp.ts";
import { adamStepSize, adamUpdate } from "./_adam.ts";

/** Row-major features with integer class labels. */
export interface LabelledData {
  /** Row-major `[n][dim]` (standardised). */
  x: Float32Array;
  /** Class index per row. */
  y: Int32Array;
}

/** One epoch of the training history. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Learning rate used during the epoch. */
  lr: number;
  seconds: number;
}

/** Options for {@linkcode trainModel}: the seed's recipe by default. */
export interface TrainOptions {
  /** Maximum epochs. Default 100. */
  epochs?: number;
  /** Batch size. Default 32. */
  batchSize?: number;
  /** Adam learning rate. Default 1e-3. */
  learningRate?: number;
  /** Early-stopping patience on val_loss. Default 15. */
  patience?: number;
  /** Epochs without val_loss improvement before halving the learning rate. Default 5. */
  lrPatience?: number;
  /** Learning-rate floor. Default 1e-7. */
  minLr?: number;
  /** Seed for shuffling (weights and dropout are seeded by the caller's {@linkcode withSeededRandom}). Default 42. */
  seed?: number;
  /** Called after each epoch (progress, logging). */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** Called when val_accuracy reaches a new maximum (checkpoint the best model). */
  onBestAccuracy?: (record: EpochRecord) => void | Promise<void>;
  /**
   * A domain adversary trained through gradient reversal (Ganin & Lempitsky 2015) on the last hidden block: `domains`
   * gives each training row's domain (0 … count − 1: its speaker or corpus), `weight` the final λ, reached by
   * Ganin's schedule `λ_p = weight · (2 / (1 + e^(−10p)) − 1)` over the training's progress p ∈ [0, 1]. Only networks
   * the fused trainer takes (Dense(ReLU) → Dropout → BatchNorm blocks and a softmax). Default none.
   */
  adversary?: { domains: Int32Array; count: number; weight: number; hidden?: number };
}

/** The outcome of {@linkcode trainModel}. */
export interface TrainResult {
  history: EpochRecord[];
  /** Epoch (0-based) with the lowest val_loss, whose weights the model holds at the end. */
  bestEpoch: number;
  /** Epoch with the highest val_accuracy (the checkpoint). */
  bestAccuracyEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
}

const EPS = 1e-7;

/** Keras categorical cross-entropy on probabilities: mean over rows of `−Σ y log(clip(p, ε, 1 − ε))`. */
function crossEntropy(probs: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, EPS, 1 - EPS))), -1)));
}

/**
 * Loss and accuracy of a model on data, in inference mode (dropout off, BatchNorm moving statistics), in batches.
 *
 * @example
 * const { loss, accuracy, probabilities } = evaluateModel(model, test, 8);
 */
export function evaluateModel(
  model: tf.LayersModel,
  data: LabelledData,
  numClasses: number,
  batchSize = 256,
): { loss: number; accuracy: number; probabilities: Float32Array } {
  const dim = data.x.length / data.y.length, n = data.y.length;
  const probabilities = new Float32Array(n * numClasses);
  let lossSum = 0, correct = 0;
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize);
    const xs = tf.tensor2d(data.x.subarray(s * dim, e * dim), [e - s, dim]);
    const out = model.predict(xs) as tf.Tensor;
    const p = out.dataSync() as Float32Array;
    tf.dispose([xs, out]); // (tf.tidy costs milliseconds per call on the wasm backend)
    probabilities.set(p, s * numClasses);
    for (let i = s; i < e; i++) {
      const row = p.subarray((i - s) * numClasses, (i - s + 1) * numClasses);
      const label = data.y[i];
      lossSum += -Math.log(Math.min(1 - EPS, Math.max(EPS, row[label])));
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (row[c] > row[best]) best = c;
      if (best === label) correct++;
    }
  }
  return { loss: lossSum / n, accuracy: correct / n, probabilities };
}

/**
 * Train with the seed's recipe: Adam (lr 1e-3, β 0.9/0.999, ε 1e-7, Keras's bias correction), categorical
 * cross-entropy, batch 32, up to 100 epochs, early stopping on val_loss (patience 15, best weights restored),
 * learning rate halved after 5 epochs without val_loss improvement (floor 1e-7), and a callback at each new best
 * val_accuracy for the checkpoint.
 *
 * Speed: each shuffled batch is gathered in JS and uploaded (no Slice of the whole set). For the seed's architecture
 * the whole step — matrix products, bias, ReLU, dropout, BatchNorm and their gradients, Adam — runs in WebAssembly SIMD
 * (`_fused_mlp.ts`, `_mlp_kernels.c`), with the softmax cross-entropy in JavaScript: no tfjs kernel per step.
 * Any other softmax model trains through `tf.variableGrads` with the same fused Adam. BatchNorm moving statistics
 * update as in Keras.
 *
 * @param model A compiled-or-not Sequential/LayersModel with softmax outputs.
 * @param train Standardised training data.
 * @param val Standardised validation data. Empty: no early stopping and no learning-rate schedule; every epoch runs
 *   and the last weights are kept (val_loss and val_accuracy are NaN).
 * @returns History (loss, accuracy, val_loss, val_accuracy, lr, seconds per epoch) and the best epochs.
 * @throws {RangeError} If the data are empty or shapes disagree.
 * @example
 * const result = await withSeededRandom(42, () => trainModel(model, train, val, { epochs: 100 }));
 */
export async function trainModel(
  model: tf.LayersModel,
  train: LabelledData,
  val: LabelledData,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const { epochs = 100, batchSize = 32, learningRate = 1e-3, patience = 15, lrPatience = 5, minLr = 1e-7, seed = 42 } =
    options;
  const n = train.y.length;
  if (n === 0) throw new RangeError("training needs a non-empty training set: got 0 rows");
  const validated = val.y.length > 0;
  const dim = train.x.length / n;
  if (!Number.isInteger(dim) || (validated && val.x.length / val.y.length !== dim)) {
    throw new RangeError(`feature width mismatch: train ${train.x.length / n}, val ${val.x.length / val.y.length}`);
  }
  const numClasses = model.outputs[0].shape[1] as number;
  const adversary = options.adversary, fusable = isFusableMlp(model);
  if (adversary) checkAdversary(adversary, n, fusable);
  const stepper = fusable ? fusedStepper(model, adversary) : tapeStepper(model, numClasses);
  const shuffleRng = seededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batchSize * dim), yb = new Int32Array(batchSize), db = new Int32Array(batchSize);
  const totalSteps = epochs * Math.ceil(n / batchSize);
  let steps = 0;
  const early = new EarlyStopping({ patience });
  const plateau = new ReduceLrOnPlateau({ factor: 0.5, patience: lrPatience, minLr });
  const bestAcc = new BestCheckpoint();
  const history: EpochRecord[] = [];
  let lr = learningRate, bestWeights: Float32Array[] | null = null, stoppedEarly = false;
  const allWeights = () => model.weights.map((w) => (w.read() as tf.Tensor).dataSync().slice() as Float32Array);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(shuffleRng() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let lossSum = 0, correct = 0;
      for (let s = 0; s < n; s += batchSize) {
        const b = Math.min(batchSize, n - s);
        for (let r = 0; r < b; r++) {
          const src = order[s + r];
          xb.set(train.x.subarray(src * dim, (src + 1) * dim), r * dim);
          yb[r] = train.y[src];
          if (adversary) db[r] = adversary.domains[src];
        }
        const lambda = adversary ? adversary.weight * (2 / (1 + Math.exp((-10 * steps++) / totalSteps)) - 1) : 0;
        const res = stepper.step(xb.subarray(0, b * dim), yb.subarray(0, b), b, lr, { domains: db, lambda });
        lossSum += res.loss * b;
        correct += res.correct;
      }
      stepper.sync();
      const ev = validated ? evaluateModel(model, val, numClasses) : { loss: NaN, accuracy: NaN };
      const record: EpochRecord = {
        epoch,
        loss: lossSum / n,
        accuracy: correct / n,
        valLoss: ev.loss,
        valAccuracy: ev.accuracy,
        lr,
        seconds: (performance.now() - t0) / 1000,
      };
      history.push(record);
      await options.onEpoch?.(record);
      if (!validated) continue; // every epoch runs; the last one's weights are kept
      if (early.update(epoch, ev.loss).improved) bestWeights = allWeights();
      if (bestAcc.update(ev.accuracy, epoch)) await options.onBestAccuracy?.(record);
      lr = plateau.update(ev.loss, lr);
      if (early.wait >= patience && epoch > 0) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    stepper.dispose();
  }
  if (bestWeights) {
    model.setWeights(bestWeights.map((w, i) => tf.tensor(w, (model.weights[i].read() as tf.Tensor).shape)));
  }
  if (!validated) return { history, bestEpoch: epochs - 1, bestAccuracyEpoch: epochs - 1, stoppedEarly: false };
  return { history, bestEpoch: early.bestEpoch, bestAccuracyEpoch: bestAcc.bestEpoch, stoppedEarly };
}

/** An adversary's rows and domains against the training set's. */
function checkAdversary(a: NonNullable<TrainOptions["adversary"]>, n: number, fusable: boolean): void {
  if (!fusable) {
    throw new RangeError(
      "an adversary (gradient reversal) needs a network of Dense(ReLU) → Dropout → BatchNorm blocks and a softmax",
    );
  }
  if (a.domains.length !== n) throw new RangeError(`adversary: ${a.domains.length} domain labels for ${n} rows`);
  if (!(a.weight >= 0 && Number.isFinite(a.weight))) {
    throw new RangeError(`adversary weight: got ${a.weight}, expected a number ≥ 0`);
  }
  for (const d of a.domains) {
    if (!(d >= 0 && d < a.count)) throw new RangeError(`adversary: domain ${d} outside 0 … ${a.count - 1}`);
  }
}

/** One optimisation step on a batch, and the bookkeeping around it. */
interface Stepper {
  step(
    x: Float32Array,
    y: Int32Array,
    batch: number,
    lr: number,
    adversary: { domains: Int32Array; lambda: number },
  ): { loss: number; correct: number };
  /** Make the model's variables current (before evaluation). */
  sync(): void;
  dispose(): void;
}

/** The fused path for the seed's architecture (see `_fused_mlp.ts`). */
function fusedStepper(model: tf.LayersModel, adversary?: TrainOptions["adversary"]): Stepper {
  const trainer = new FusedMlpTrainer(
    model,
    adversary ? { adversary: { domains: adversary.count, hidden: adversary.hidden } } : {},
  );
  return {
    step: (x, y, b, lr, a) => trainer.step(x, y, b, lr, adversary ? a : {}),
    sync: () => trainer.sync(),
    dispose: () => trainer.dispose(),
  };
}

/**
 * The general path for any softmax model: gradients from `tf.variableGrads` on the layers model in training mode, and
 * a fused Adam loop per weight that writes each new weight into a fresh heap buffer (XNNPACK caches packed weights by
 * tensor id, so weights must never change in place).
 */
function tapeStepper(model: tf.LayersModel, numClasses: number): Stepper {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const backend = tf.backend() as unknown as {
    typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array;
    makeOutput?: (shape: number[], dtype: string) => tf.TensorInfo;
  };
  const onHeap = tf.getBackend() === "wasm" && typeof backend.typedArrayFromHeap === "function" &&
    typeof backend.makeOutput === "function";
  const m = vars.map((v) => new Float32Array(v.size)), v2 = vars.map((v) => new Float32Array(v.size));
  let step = 0;
  return {
    step(x, y, b, lr) {
      const dim = x.length / b;
      const oneHot = new Float32Array(b * numClasses);
      for (let r = 0; r < b; r++) oneHot[r * numClasses + y[r]] = 1;
      const xs = tf.tensor2d(x, [b, dim]), ys = tf.tensor2d(oneHot, [b, numClasses]);
      let probs!: Float32Array;
      const { value, grads } = tf.variableGrads(() => {
        const p = model.apply(xs, { training: true }) as tf.Tensor;
        probs = p.dataSync() as Float32Array;
        return crossEntropy(p, ys);
      }, vars);
      const loss = value.dataSync()[0];
      let correct = 0;
      for (let r = 0; r < b; r++) {
        let best = 0;
        for (let c = 1; c < numClasses; c++) if (probs[r * numClasses + c] > probs[r * numClasses + best]) best = c;
        if (best === y[r]) correct++;
      }
      step++;
      const lrT = adamStepSize(lr, step);
      vars.forEach((variable, k) => {
        const g = grads[variable.name];
        const out = onHeap ? backend.makeOutput!(variable.shape, "float32") : null;
        const gv = onHeap ? backend.typedArrayFromHeap!(g) : (g.dataSync() as Float32Array);
        const w = onHeap ? backend.typedArrayFromHeap!(variable) : (variable.dataSync() as Float32Array);
        const dst = out ? backend.typedArrayFromHeap!(out) : new Float32Array(w.length);
        adamUpdate(w, dst, gv, m[k], v2[k], lrT);
        const next = out ? tf.engine().makeTensorFromTensorInfo(out) : tf.tensor(dst, variable.shape);
        variable.assign(next);
        next.dispose();
      });
      tf.dispose([xs, ys, value, ...Object.values(grads)]);
      return { loss, correct };
    },
    sync() {},
    dispose() {},
  };
}
