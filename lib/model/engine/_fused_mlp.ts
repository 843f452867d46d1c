/**
 * Private: a fused training step for MLPs shaped like the seed's — blocks of Dense(ReLU) → Dropout → BatchNorm,
 * then Dense(softmax) — in WebAssembly SIMD (`_mlp_kernels.c`), with the same arithmetic as tfjs-layers' training
 * mode and no tfjs kernel per step at all.
 *
 * The parameters, their gradients, Adam's moments and every activation live in one WebAssembly memory, laid out as
 * `model.trainableWeights` orders them (W, b, γ, β per block, then W, b), so Adam is one pass over all of them. Matrix
 * products are register-blocked SIMD kernels; the softmax and the loss (8 numbers per row) run in JavaScript. The
 * model's variables are the source of truth between epochs only: {@linkcode FusedMlpTrainer.sync} writes the trained
 * values back.
 *
 * Formulas (B rows, per column):
 * - BatchNorm (training): μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β; moving statistics
 *   m ← m − (m − μ)(1 − momentum), v ← v − (v − σ²)(1 − momentum), as tfjs-layers and Keras.
 * - Its gradient: dγ = Σ dy·x̂, dβ = Σ dy, dx = (γ/(B√(σ² + ε)))·(B·dy − Σdy − x̂·Σ(dy·x̂)).
 * - Dropout: keep with probability 1 − rate, scale kept values by 1/(1 − rate); masks from a xoshiro128** generator
 *   seeded by two `Math.random` draws per step (so `withSeededRandom` makes training reproducible).
 * - Loss: mean of −log(clip(p_y, 1e−7, 1 − 1e−7)); the gradient is zero where the clip is active, as tfjs's.
 * - Adam (Keras form): lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); w ← w − lr_t·m/(√v + ε), ε = 1e−7.
 *
 * `_fused_mlp_test.ts` checks the gradients against `tf.variableGrads` on the layers model.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { adamStepSize, BETA1, BETA2, EPSILON } from "./_adam.ts";
import { WASM_BASE64 } from "./_mlp_kernels.ts";
import { softmaxCrossEntropy } from "./_softmax_cross_entropy.ts";
import { AdversaryHead, type AdversarySpec, type DenseKernels } from "./_adversary_head.ts";

// deno-lint-ignore no-explicit-any
type AnyLayer = any;

/** The kernels of `_mlp_kernels.c`; every pointer is a byte offset. */
interface Kernels extends DenseKernels {
  seed_dropout(a: number, b: number): void;
  /** (z, mask, xhat, y, invstd, stats, gamma, beta, movingMean, movingVar, B, N, eps, decay, rate) */
  block_forward(...args: number[]): void;
  /** (dy, xhat, z, mask, invstd, gamma, dgamma, dbeta, dz, scratch, B, N, rate) */
  block_backward(...args: number[]): void;
  adam(w: number, g: number, m: number, v: number, n: number, lrT: number, b1: number, b2: number, e: number): void;
}

let compiled: WebAssembly.Module | null = null;

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

/** Gradients of one step, in `model.trainableWeights` order (for tests), then the adversary's when it has one. */
export type StepGradients = Float32Array[];

/** Options of {@linkcode FusedMlpTrainer.step}. */
export interface StepOptions {
  /** Apply the Adam update. Default true (false: gradients only, for tests). */
  apply?: boolean;
  /** The batch's domain labels, for a trainer with an adversary (required then). */
  domains?: Int32Array;
  /** The gradient-reversal weight λ of this step. Default 0. */
  lambda?: number;
}

/** A layer's place in the memory: byte offsets of its parameters (and gradients at the same offset + `gradShift`). */
interface Layer {
  nIn: number;
  nOut: number;
  W: number;
  b: number;
  gamma: number;
  beta: number;
  movingMean: number;
  movingVar: number;
  rate: number;
  eps: number;
  decay: number;
  layers: { dense: AnyLayer; bn: AnyLayer | null };
  /** Activations for the current batch capacity: z, mask, x̂, y (B·nOut), invstd (nOut), stats (2·nOut). */
  act: { z: number; mask: number; xhat: number; y: number; invstd: number; stats: number };
}

/** Trains an MLP that {@linkcode isFusableMlp} accepts. */
export class FusedMlpTrainer {
  readonly #k: Kernels;
  readonly #memory: WebAssembly.Memory;
  readonly #layers: Layer[];
  /** Parameters occupy `[0, #paramBytes)`; gradients, m and v follow at multiples of it. */
  readonly #paramBytes: number;
  readonly #shapes: { offset: number; size: number }[];
  #top: number;
  #capacity = 0;
  #scratch = { x: 0, da: 0, dz: 0, logits: 0, dlogits: 0, f: 0 };
  #step = 0;
  readonly #adversary: AdversaryHead | null;

  /**
   * @param options.adversary A domain adversary on the last block's output, trained through gradient reversal
   *   (`_adversary_head.ts`). Default none.
   * @throws {RangeError} With an adversary but no hidden block to attach it to.
   */
  constructor(model: tf.LayersModel, options: { adversary?: AdversarySpec } = {}) {
    if (!isFusableMlp(model)) {
      throw new Error("FusedMlpTrainer needs Dense(relu) → Dropout → BatchNorm blocks and a Dense(softmax)");
    }
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    this.#memory = new WebAssembly.Memory({ initial: 16 });
    this.#k = new WebAssembly.Instance(compiled, { env: { memory: this.#memory } }).exports as unknown as Kernels;
    const all = model.layers as AnyLayer[];
    const specs: { dense: AnyLayer; dropout: AnyLayer | null; bn: AnyLayer | null }[] = [];
    for (let i = 0; i + 1 < all.length; i += 3) specs.push({ dense: all[i], dropout: all[i + 1], bn: all[i + 2] });
    specs.push({ dense: all[all.length - 1], dropout: null, bn: null });
    // The module's stack and data sit below 64 KiB; parameters start there.
    let at = 65536;
    this.#shapes = [];
    const take = (size: number) => {
      const offset = at;
      this.#shapes.push({ offset, size });
      at += size * 4;
      return offset;
    };
    this.#layers = specs.map((s) => {
      const [nIn, nOut] = s.dense.kernel.shape as number[];
      return {
        nIn,
        nOut,
        W: take(nIn * nOut),
        b: take(nOut),
        gamma: s.bn ? take(nOut) : 0,
        beta: s.bn ? take(nOut) : 0,
        movingMean: 0,
        movingVar: 0,
        rate: s.dropout?.rate ?? 0,
        eps: s.bn?.epsilon ?? 0,
        decay: s.bn ? 1 - s.bn.momentum : 0,
        layers: { dense: s.dense, bn: s.bn },
        act: { z: 0, mask: 0, xhat: 0, y: 0, invstd: 0, stats: 0 },
      };
    });
    const blocks = this.#layers.length - 1;
    if (options.adversary && blocks === 0) throw new RangeError("an adversary needs a hidden block to attach to");
    this.#adversary = options.adversary
      ? new AdversaryHead(options.adversary, this.#layers[blocks - 1].nOut, take)
      : null;
    this.#paramBytes = align(at - 65536);
    this.#top = 65536 + 4 * this.#paramBytes; // parameters, gradients, m, v
    for (const l of this.#layers.slice(0, -1)) {
      l.movingMean = this.#alloc(l.nOut);
      l.movingVar = this.#alloc(l.nOut);
    }
    this.#grow(this.#top);
    for (const [v, offset] of this.#variables()) {
      const variable = v.read() as tf.Variable;
      this.#f32(offset, variable.size).set(variable.dataSync());
    }
    this.#adversary?.init((o, n) => this.#f32(o, n));
  }

  /** Every model variable the trainer mirrors (weights, biases, BatchNorm's γ, β and moving statistics), with its offset. */
  #variables(): [AnyLayer, number][] {
    return this.#layers.flatMap((l): [AnyLayer, number][] => [
      [l.layers.dense.kernel, l.W],
      [l.layers.dense.bias, l.b],
      ...(l.layers.bn
        ? [
          [l.layers.bn.gamma, l.gamma],
          [l.layers.bn.beta, l.beta],
          [l.layers.bn.movingMean, l.movingMean],
          [l.layers.bn.movingVariance, l.movingVar],
        ] as [AnyLayer, number][]
        : []),
    ]);
  }

  #alloc(floats: number): number {
    const o = this.#top;
    this.#top += align(floats * 4);
    return o;
  }

  #grow(bytes: number): void {
    const need = bytes - this.#memory.buffer.byteLength;
    if (need > 0) this.#memory.grow(Math.ceil(need / 65536));
  }

  #f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.#memory.buffer, offset, length);
  }

  /** Lay out the activations for batches of up to `B` rows (after the parameters and moving statistics). */
  #ensureBatch(B: number): void {
    if (B <= this.#capacity) return;
    const first = this.#layers[0], widest = Math.max(...this.#layers.map((l) => Math.max(l.nIn, l.nOut)));
    const C = this.#layers[this.#layers.length - 1].nOut;
    this.#scratch = {
      x: this.#alloc(B * first.nIn),
      da: this.#alloc(B * widest),
      dz: this.#alloc(B * widest),
      logits: this.#alloc(B * C),
      dlogits: this.#alloc(B * C),
      f: this.#alloc(widest),
    };
    for (const l of this.#layers.slice(0, -1)) {
      const n = l.nOut;
      l.act = {
        z: this.#alloc(B * n),
        mask: this.#alloc(B * n),
        xhat: this.#alloc(B * n),
        y: this.#alloc(B * n),
        invstd: this.#alloc(n),
        stats: this.#alloc(2 * n),
      };
    }
    this.#adversary?.layOut(B, (floats) => this.#alloc(floats));
    this.#grow(this.#top);
    this.#capacity = B;
  }

  /** The blocks' forward pass in training mode from the batch in scratch `x`; returns the last block's output offset. */
  #forwardBlocks(B: number): number {
    const k = this.#k, s = this.#scratch, blocks = this.#layers.slice(0, -1);
    let a = s.x;
    for (const l of blocks) {
      const { z, mask, xhat, y, invstd, stats } = l.act;
      k.dense_forward(a, l.W, l.b, z, B, l.nIn, l.nOut);
      k.block_forward(
        z,
        mask,
        xhat,
        y,
        invstd,
        stats,
        l.gamma,
        l.beta,
        l.movingMean,
        l.movingVar,
        B,
        l.nOut,
        l.eps,
        l.decay,
        l.rate,
      );
      a = y;
    }
    return a;
  }

  /** The blocks' backward pass from the gradient in scratch `da` (the last block's output), top block first. */
  #backwardBlocks(B: number): void {
    const k = this.#k, s = this.#scratch, blocks = this.#layers.slice(0, -1), G = this.#paramBytes;
    const da = s.da, dz = s.dz;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const l = blocks[i], prev = i > 0 ? blocks[i - 1].act.y : s.x;
      k.block_backward(
        da,
        l.act.xhat,
        l.act.z,
        l.act.mask,
        l.act.invstd,
        l.gamma,
        l.gamma + G,
        l.beta + G,
        dz,
        s.f,
        B,
        l.nOut,
        l.rate,
      );
      k.dense_backward_weights(prev, dz, l.W + G, l.b + G, B, l.nIn, l.nOut);
      if (i > 0) k.dense_backward_input(dz, l.W, da, B, l.nIn, l.nOut);
    }
  }

  /**
   * One training step on a batch: forward in training mode, backward (with the adversary's reversed gradient when the
   * trainer has one), and (unless `options.apply` is false) an Adam update with learning rate `lr`. Returns the batch's
   * mean loss, its correct-prediction count, and (copied on access) the gradients.
   *
   * @throws {RangeError} If the trainer has an adversary and `options.domains` is missing.
   */
  step(
    x: Float32Array,
    labels: Int32Array,
    batch: number,
    lr: number,
    options: StepOptions = {},
  ): { loss: number; correct: number; readonly grads: StepGradients } {
    const B = batch, k = this.#k, G = this.#paramBytes, apply = options.apply ?? true;
    if (this.#adversary && !options.domains) {
      throw new RangeError("a trainer with an adversary needs each row's domain");
    }
    this.#ensureBatch(B);
    const s = this.#scratch, blocks = this.#layers.slice(0, -1), out = this.#layers[this.#layers.length - 1];
    this.#f32(s.x, B * this.#layers[0].nIn).set(x.subarray(0, B * this.#layers[0].nIn));
    if (blocks.some((l) => l.rate > 0)) {
      k.seed_dropout((Math.random() * 2 ** 32) >>> 0, (Math.random() * 2 ** 32) >>> 0);
    }
    const a = this.#forwardBlocks(B);
    k.dense_forward(a, out.W, out.b, s.logits, B, out.nIn, out.nOut);
    const { loss, correct } = softmaxCrossEntropy(
      this.#f32(s.logits, B * out.nOut),
      labels,
      this.#f32(s.dlogits, B * out.nOut),
      B,
      out.nOut,
    );
    // Backward: the output layer, then each block from the top.
    k.dense_backward_weights(a, s.dlogits, out.W + G, out.b + G, B, out.nIn, out.nOut);
    const da = s.da;
    k.dense_backward_input(s.dlogits, out.W, da, B, out.nIn, out.nOut);
    this.#adversary?.step(
      k,
      (o, n) => this.#f32(o, n),
      { input: a, dInput: da, G },
      options.domains!,
      B,
      options.lambda ?? 0,
    );
    this.#backwardBlocks(B);
    const grads = () => this.#shapes.map(({ offset, size }) => this.#f32(offset + G, size).slice());
    const captured = apply ? null : grads();
    if (apply) {
      this.#step++;
      const lrT = adamStepSize(lr, this.#step);
      k.adam(65536, 65536 + G, 65536 + 2 * G, 65536 + 3 * G, G / 4, lrT, BETA1, BETA2, EPSILON);
    }
    return {
      loss,
      correct,
      get grads() {
        return captured ?? grads();
      },
    };
  }

  /** Every trained parameter's current values, in the order of a step's `grads` (for tests). */
  parameters(): Float32Array[] {
    return this.#shapes.map(({ offset, size }) => this.#f32(offset, size).slice());
  }

  /** Write the trained weights and moving statistics back into the model's variables. */
  sync(): void {
    for (const [v, offset] of this.#variables()) {
      const variable = v.read() as tf.Variable;
      const t = tf.tensor(this.#f32(offset, variable.size).slice(), variable.shape);
      variable.assign(t);
      t.dispose();
    }
  }

  /** Nothing to release beyond the memory, which is garbage-collected with the trainer. */
  dispose(): void {}
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
