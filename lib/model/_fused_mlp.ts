/**
 * Private: a fused training step for MLPs shaped like the seed's — blocks of Dense(ReLU) → Dropout → BatchNorm,
 * then Dense(softmax) — that does the same arithmetic as tfjs-layers' training mode with ~25 tfjs kernels per step
 * instead of ~500.
 *
 * Matrix products run on tfjs (XNNPACK through the wasm backend). Everything elementwise — bias, ReLU, dropout masks,
 * batch normalisation and its gradient, softmax cross-entropy and its gradient, Adam — runs as plain loops over
 * `[batch][units]` arrays, which at batch 32 is cheaper than dispatching a kernel. The model's variables are the
 * source of truth between epochs: {@linkcode FusedMlpTrainer.sync} writes the trained values back.
 *
 * Formulas (B rows, per column):
 * - BatchNorm (training): μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β; moving statistics
 *   m ← m − (m − μ)(1 − momentum), v ← v − (v − σ²)(1 − momentum), as tfjs-layers and Keras.
 * - Its gradient: dγ = Σ dy·x̂, dβ = Σ dy, dx = (γ/(B√(σ² + ε)))·(B·dy − Σdy − x̂·Σ(dy·x̂)).
 * - Dropout: keep with probability 1 − rate, scale kept values by 1/(1 − rate); masks drawn from `Math.random`.
 * - Loss: mean of −log(clip(p_y, 1e−7, 1 − 1e−7)); the gradient is zero where the clip is active, as tfjs's.
 * - Adam (Keras form): lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); w ← w − lr_t·m/(√v + ε), ε = 1e−7.
 *
 * `_fused_mlp_test.ts` checks the gradients against `tf.variableGrads` on the layers model.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { adamStepSize, adamUpdate } from "./_adam.ts";

const CLIP = 1e-7;

// deno-lint-ignore no-explicit-any
type AnyLayer = any;
type Backend = {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
};

interface Block {
  nIn: number;
  nOut: number;
  /** `[nIn][nOut]`, the right operand's layout, used on the left in `dz·Wᵀ = (W·dzᵀ)ᵀ`. */
  W: tf.Tensor2D;
  /** The same weights `[nOut][nIn]`, used on the left in `zᵀ = Wᵀ·aᵀ`. */
  Wt: tf.Tensor2D;
  b: Float32Array;
  rate: number;
  gamma: Float32Array | null;
  beta: Float32Array | null;
  movingMean: Float32Array | null;
  movingVar: Float32Array | null;
  eps: number;
  momentum: number;
  layers: { dense: AnyLayer; bn: AnyLayer | null };
}

/** True when a model is a stack of Dense(ReLU) → Dropout → BatchNorm blocks and a final Dense(softmax). */
export function isFusableMlp(model: tf.LayersModel): boolean {
  const layers = model.layers as AnyLayer[];
  if (layers.length < 1 || (layers.length - 1) % 3 !== 0) return false;
  for (let i = 0; i + 1 < layers.length; i += 3) {
    const [d, dr, bn] = layers.slice(i, i + 3);
    if (d.getClassName() !== "Dense" || d.getConfig().activation !== "relu" || !d.getConfig().useBias) return false;
    if (dr.getClassName() !== "Dropout" || dr.getConfig().noiseShape) return false;
    if (bn.getClassName() !== "BatchNormalization" || !bn.getConfig().center || !bn.getConfig().scale) return false;
  }
  const last = layers[layers.length - 1];
  return last.getClassName() === "Dense" && last.getConfig().activation === "softmax" && last.getConfig().useBias;
}

/** Gradients of one step, in `model.trainableWeights` order (for tests). */
export type StepGradients = Float32Array[];

/** Trains an MLP that {@linkcode isFusableMlp} accepts. */
export class FusedMlpTrainer {
  readonly #blocks: Block[];
  readonly #out: { W: tf.Tensor2D; b: Float32Array; nIn: number; nOut: number; dense: AnyLayer };
  readonly #m: Float32Array[];
  readonly #v: Float32Array[];
  readonly #backend: Backend | null;
  #step = 0;

  constructor(model: tf.LayersModel) {
    if (!isFusableMlp(model)) {
      throw new Error("FusedMlpTrainer needs Dense(relu) → Dropout → BatchNorm blocks and a Dense(softmax)");
    }
    const layers = model.layers as AnyLayer[];
    const read = (v: AnyLayer) => (v.read() as tf.Tensor).dataSync().slice() as Float32Array;
    this.#blocks = [];
    for (let i = 0; i + 1 < layers.length; i += 3) {
      const [d, dr, bn] = layers.slice(i, i + 3);
      const W = (d.kernel.read() as tf.Tensor2D).clone();
      this.#blocks.push({
        nIn: W.shape[0],
        nOut: W.shape[1],
        W,
        Wt: tf.transpose(W),
        b: read(d.bias),
        rate: dr.rate,
        gamma: read(bn.gamma),
        beta: read(bn.beta),
        movingMean: read(bn.movingMean),
        movingVar: read(bn.movingVariance),
        eps: bn.epsilon,
        momentum: bn.momentum,
        layers: { dense: d, bn },
      });
    }
    const last = layers[layers.length - 1];
    const Wo = (last.kernel.read() as tf.Tensor2D).clone();
    this.#out = { W: Wo, b: read(last.bias), nIn: Wo.shape[0], nOut: Wo.shape[1], dense: last };
    const sizes = this.#params().map((p) => p.size);
    this.#m = sizes.map((n) => new Float32Array(n));
    this.#v = sizes.map((n) => new Float32Array(n));
    const be = tf.backend() as unknown as Partial<Backend>;
    this.#backend = tf.getBackend() === "wasm" && be.typedArrayFromHeap && be.makeOutput ? be as Backend : null;
  }

  /** Trainable parameters in `model.trainableWeights` order: W, b, γ, β per block, then W, b. */
  #params(): { size: number }[] {
    return [
      ...this.#blocks.flatMap((k) => [{ size: k.nIn * k.nOut }, { size: k.nOut }, { size: k.nOut }, { size: k.nOut }]),
      { size: this.#out.nIn * this.#out.nOut },
      { size: this.#out.nOut },
    ];
  }

  /**
   * One training step on a batch: forward in training mode, backward, and (unless `apply` is false) an Adam update
   * with learning rate `lr`. Returns the batch's mean loss, its correct-prediction count, and the gradients.
   */
  step(
    x: Float32Array,
    labels: Int32Array,
    batch: number,
    lr: number,
    apply = true,
  ): { loss: number; correct: number; grads: StepGradients } {
    const B = batch;
    const saved: {
      a: Float32Array;
      z: Float32Array;
      mask: Float32Array | null;
      xhat: Float32Array;
      invstd: Float64Array;
    }[] = [];
    let a = x.subarray(0, B * this.#blocks[0].nIn);
    for (const k of this.#blocks) {
      const n = k.nOut;
      const zt = this.#matmulLeft(k.Wt, a, B, k.nIn); // zᵀ = Wᵀ·aᵀ, [n][B]
      const z = new Float32Array(B * n), r = new Float32Array(B * n);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < B; i++) {
          const v = (z[i * n + j] = zt[j * B + i] + k.b[j]);
          r[i * n + j] = v > 0 ? v : 0;
        }
      }
      let mask: Float32Array | null = null;
      if (k.rate > 0) {
        mask = new Float32Array(B * n);
        const keep = 1 / (1 - k.rate);
        for (let i = 0; i < mask.length; i++) {
          mask[i] = Math.random() >= k.rate ? keep : 0;
          r[i] *= mask[i];
        }
      }
      const xhat = new Float32Array(B * n), invstd = new Float64Array(n), y = new Float32Array(B * n);
      const decay = 1 - k.momentum;
      const mean = new Float64Array(n), variance = new Float64Array(n);
      for (let i = 0; i < B; i++) for (let j = 0, at = i * n; j < n; j++, at++) mean[j] += r[at];
      for (let j = 0; j < n; j++) mean[j] /= B;
      for (let i = 0; i < B; i++) {
        for (let j = 0, at = i * n; j < n; j++, at++) {
          const dv = r[at] - mean[j];
          variance[j] += dv * dv;
        }
      }
      const gamma = k.gamma!, beta = k.beta!, mm = k.movingMean!, mv = k.movingVar!;
      for (let j = 0; j < n; j++) {
        variance[j] /= B;
        invstd[j] = 1 / Math.sqrt(variance[j] + k.eps);
        mm[j] -= (mm[j] - mean[j]) * decay;
        mv[j] -= (mv[j] - variance[j]) * decay;
      }
      for (let i = 0; i < B; i++) {
        for (let j = 0, at = i * n; j < n; j++, at++) {
          const h = (r[at] - mean[j]) * invstd[j];
          xhat[at] = h;
          y[at] = gamma[j] * h + beta[j];
        }
      }
      saved.push({ a, z, mask, xhat, invstd });
      a = y;
    }
    // Output layer and softmax cross-entropy.
    const C = this.#out.nOut;
    const logits = this.#matmul(a, B, this.#out.W);
    const dlogits = new Float32Array(B * C);
    let loss = 0, correct = 0;
    for (let i = 0; i < B; i++) {
      let mx = -Infinity, best = 0;
      for (let c = 0; c < C; c++) {
        const v = (logits[i * C + c] += this.#out.b[c]);
        if (v > mx) mx = v;
      }
      let sum = 0;
      const p = new Float64Array(C);
      for (let c = 0; c < C; c++) sum += p[c] = Math.exp(logits[i * C + c] - mx);
      for (let c = 0; c < C; c++) {
        p[c] /= sum;
        if (p[c] > p[best]) best = c;
      }
      const yl = labels[i], py = Math.fround(p[yl]);
      if (best === yl) correct++;
      loss -= Math.log(Math.min(1 - CLIP, Math.max(CLIP, py)));
      // dL/dp_y = −1/(B p_y) where the clip is inactive; through softmax: dz_c = p_c (g_c − g_y p_y).
      const gy = py >= CLIP && py <= 1 - CLIP ? -1 / (B * py) : 0;
      for (let c = 0; c < C; c++) dlogits[i * C + c] = p[c] * ((c === yl ? gy : 0) - gy * p[yl]);
    }
    loss /= B;
    const grads: Float32Array[] = [];
    const gOutW = this.#matmulTA(a, dlogits, B, this.#out.nIn, C);
    const gOutB = colSum(dlogits, B, C);
    let da = this.#matmulTB(dlogits, B, this.#out.W);
    const blockGrads: Float32Array[][] = [];
    for (let l = this.#blocks.length - 1; l >= 0; l--) {
      const k = this.#blocks[l], s = saved[l], n = k.nOut;
      const dgamma = new Float32Array(n), dbeta = new Float32Array(n), dz = new Float32Array(B * n);
      const sdy = new Float64Array(n), sdyx = new Float64Array(n);
      for (let i = 0; i < B; i++) {
        for (let j = 0, at = i * n; j < n; j++, at++) {
          const dy = da[at];
          sdy[j] += dy;
          sdyx[j] += dy * s.xhat[at];
        }
      }
      const f = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        dgamma[j] = sdyx[j];
        dbeta[j] = sdy[j];
        f[j] = (k.gamma![j] * s.invstd[j]) / B;
      }
      const mask = s.mask;
      for (let i = 0; i < B; i++) {
        for (let j = 0, at = i * n; j < n; j++, at++) {
          let g = f[j] * (B * da[at] - sdy[j] - s.xhat[at] * sdyx[j]);
          if (mask) g *= mask[at];
          dz[at] = s.z[at] > 0 ? g : 0;
        }
      }
      const gW = this.#matmulTA(s.a, dz, B, k.nIn, n);
      blockGrads[l] = [gW, colSum(dz, B, n), dgamma, dbeta];
      if (l > 0) da = this.#matmulTB(dz, B, k.W);
    }
    for (const g of blockGrads) grads.push(...g);
    grads.push(gOutW, gOutB);
    if (apply) this.#adam(grads, lr);
    return { loss, correct, grads };
  }

  /**
   * `Wt · aᵀ` for a tfjs `[nOut][nIn]` matrix and a JS `[B][nIn]` array, read back as `[nOut][B]`. The weights are the
   * left operand, so XNNPACK packs only the small `aᵀ` (a changed right operand is re-packed on every call).
   */
  #matmulLeft(Wt: tf.Tensor2D, a: Float32Array, B: number, nIn: number): Float32Array {
    const at = new Float32Array(nIn * B);
    for (let i = 0; i < B; i++) for (let j = 0; j < nIn; j++) at[j * B + i] = a[i * nIn + j];
    const x = tf.tensor2d(at, [nIn, B]);
    const out = tf.matMul(Wt, x);
    const data = out.dataSync() as Float32Array;
    tf.dispose([x, out]);
    return data;
  }

  /** `a · W` for a JS `[B][nIn]` array and a tfjs weight matrix, read back to JS. */
  #matmul(a: Float32Array, B: number, W: tf.Tensor2D): Float32Array {
    return readAndDispose([tf.tensor2d(a, [B, W.shape[0]])], (x) => tf.matMul(x, W));
  }

  /** `aᵀ · d` for JS `[B][n]` and `[B][m]` arrays (a weight gradient); `aᵀ` is formed in JS and uploaded. */
  #matmulTA(a: Float32Array, d: Float32Array, B: number, n: number, m: number): Float32Array {
    const at = new Float32Array(n * B);
    for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) at[j * B + i] = a[i * n + j];
    return readAndDispose([tf.tensor2d(at, [n, B]), tf.tensor2d(d, [B, m])], (x, y) => tf.matMul(x, y!));
  }

  /**
   * `d · Wᵀ` for a JS `[B][nOut]` array (the gradient flowing to the layer's input), computed as `(W · dᵀ)ᵀ` with the
   * weights as the left operand and the transposes done in JS.
   */
  #matmulTB(d: Float32Array, B: number, W: tf.Tensor2D): Float32Array {
    const [nIn, nOut] = W.shape;
    const dt = new Float32Array(nOut * B);
    for (let i = 0; i < B; i++) for (let j = 0; j < nOut; j++) dt[j * B + i] = d[i * nOut + j];
    const ct = readAndDispose([tf.tensor2d(dt, [nOut, B])], (x) => tf.matMul(W, x)); // [nIn][B]
    const out = new Float32Array(B * nIn);
    for (let j = 0; j < nIn; j++) for (let i = 0; i < B; i++) out[i * nIn + j] = ct[j * B + i];
    return out;
  }

  #adam(grads: Float32Array[], lr: number): void {
    this.#step++;
    const lrT = adamStepSize(lr, this.#step);
    const update = (w: Float32Array, dst: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array) =>
      adamUpdate(w, dst, g, m, v, lrT);
    // A weight matrix gets a fresh tensor (XNNPACK caches packed weights by tensor id, so no in-place change).
    const newMatrix = (W: tf.Tensor2D, g: Float32Array, m: Float32Array, v: Float32Array): tf.Tensor2D => {
      if (this.#backend) {
        const out = this.#backend.makeOutput(W.shape, "float32");
        update(this.#backend.typedArrayFromHeap(W), this.#backend.typedArrayFromHeap(out), g, m, v);
        return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
      }
      const w = W.dataSync() as Float32Array, dst = new Float32Array(w.length);
      update(w, dst, g, m, v);
      return tf.tensor2d(dst, W.shape);
    };
    let p = 0;
    for (const k of this.#blocks) {
      if (this.#backend) {
        // New W and Wᵀ written in one pass over the update.
        const be = this.#backend;
        const outW = be.makeOutput([k.nIn, k.nOut], "float32"), outT = be.makeOutput([k.nOut, k.nIn], "float32");
        const w = be.typedArrayFromHeap(k.W), dst = be.typedArrayFromHeap(outW), dstT = be.typedArrayFromHeap(outT);
        adamUpdate(w, dst, grads[p], this.#m[p], this.#v[p], lrT, { dst: dstT, rows: k.nIn, cols: k.nOut });
        tf.dispose([k.W, k.Wt]);
        k.W = tf.engine().makeTensorFromTensorInfo(outW) as tf.Tensor2D;
        k.Wt = tf.engine().makeTensorFromTensorInfo(outT) as tf.Tensor2D;
      } else {
        const W = newMatrix(k.W, grads[p], this.#m[p], this.#v[p]);
        tf.dispose([k.W, k.Wt]);
        k.W = W;
        k.Wt = tf.transpose(W);
      }
      p++;
      for (const arr of [k.b, k.gamma!, k.beta!]) {
        update(arr, arr, grads[p], this.#m[p], this.#v[p]);
        p++;
      }
    }
    const Wo = newMatrix(this.#out.W, grads[p], this.#m[p], this.#v[p]);
    this.#out.W.dispose();
    this.#out.W = Wo;
    p++;
    update(this.#out.b, this.#out.b, grads[p], this.#m[p], this.#v[p]);
  }

  /** Write the trained weights and moving statistics back into the model's variables. */
  sync(): void {
    const set = (v: AnyLayer, data: tf.Tensor | Float32Array) => {
      const t = data instanceof Float32Array ? tf.tensor1d(data) : data;
      (v.read() as tf.Variable).assign(t);
      if (data instanceof Float32Array) t.dispose();
    };
    for (const k of this.#blocks) {
      set(k.layers.dense.kernel, k.W);
      set(k.layers.dense.bias, k.b);
      set(k.layers.bn.gamma, k.gamma!);
      set(k.layers.bn.beta, k.beta!);
      set(k.layers.bn.movingMean, k.movingMean!);
      set(k.layers.bn.movingVariance, k.movingVar!);
    }
    set(this.#out.dense.kernel, this.#out.W);
    set(this.#out.dense.bias, this.#out.b);
  }

  /** Release the trainer's own weight tensors. */
  dispose(): void {
    for (const k of this.#blocks) tf.dispose([k.W, k.Wt]);
    this.#out.W.dispose();
  }
}

function colSum(d: Float32Array, B: number, n: number): Float32Array {
  const s = new Float32Array(n);
  for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) s[j] += d[i * n + j];
  return s;
}

/**
 * Run `op` on freshly uploaded inputs, read the result and dispose everything. (`tf.tidy` costs ~5 ms per call on
 * the wasm backend here, more than the matrix product itself, so scopes are managed by hand.)
 */
function readAndDispose(inputs: tf.Tensor2D[], op: (x: tf.Tensor2D, y?: tf.Tensor2D) => tf.Tensor): Float32Array {
  const out = op(inputs[0], inputs[1]);
  const data = out.dataSync() as Float32Array;
  out.dispose();
  for (const t of inputs) t.dispose();
  return data;
}
