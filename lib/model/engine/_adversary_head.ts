/**
 * Private: a domain adversary for the fused trainer ({@linkcode FusedMlpTrainer} in `_fused_mlp.ts`) — Dense(hidden,
 * ReLU) → Dense(domains, softmax) on the last block's output, joined to it through a gradient-reversal layer (Ganin &
 * Lempitsky, "Unsupervised domain adaptation by backpropagation", ICML 2015). The head learns to tell the domain (the
 * speaker or the corpus of a training row) from the network's representation; the representation receives **−λ times**
 * the head's gradient, so that what it keeps is what the domains share. The head's weights live in the trainer's memory
 * beside the network's (one Adam pass over both) and are never part of the model: prediction is unchanged.
 *
 * Shapes (B rows): input `[B, nIn]` (the last block's output), hidden `[B, hidden]`, logits `[B, domains]`. Loss: the
 * mean softmax cross-entropy over the domains; gradient to the input: `−λ · ∂L/∂input`, added to the emotion loss's.
 *
 * @module
 */
import { softmaxCrossEntropy } from "./_softmax_cross_entropy.ts";

/** The dense kernels of `_mlp_kernels.c` the head runs on (every pointer a byte offset). */
export interface DenseKernels {
  dense_forward(A: number, W: number, b: number, Z: number, B: number, K: number, N: number): void;
  dense_backward_input(dZ: number, W: number, dA: number, B: number, K: number, N: number): void;
  dense_backward_weights(A: number, dZ: number, dW: number, db: number, B: number, K: number, N: number): void;
}

/** What the head tells apart and how wide it is. */
export interface AdversarySpec {
  /** Number of domains (speakers or corpora); labels are 0 … domains − 1. */
  domains: number;
  /** Units of its hidden layer. Default 128. */
  hidden?: number;
}

/** A view of `length` floats at byte `offset` of the trainer's memory. */
type F32 = (offset: number, length: number) => Float32Array;

/** The head: parameters and activations as byte offsets into the trainer's memory. */
export class AdversaryHead {
  readonly domains: number;
  readonly hidden: number;
  readonly nIn: number;
  readonly #p: { W1: number; b1: number; W2: number; b2: number };
  #act = { z: 0, h: 0, logits: 0, dlogits: 0, dz: 0, dIn: 0 };

  /**
   * Lay out the parameters with the trainer's `take` (inside its parameter region, so Adam updates them).
   *
   * @throws {RangeError} If `domains` < 2 or `hidden` < 1.
   */
  constructor(spec: AdversarySpec, nIn: number, take: (floats: number) => number) {
    const hidden = spec.hidden ?? 128;
    if (!(Number.isInteger(spec.domains) && spec.domains >= 2)) {
      throw new RangeError(`an adversary needs at least 2 domains to tell apart: got ${spec.domains}`);
    }
    if (!(Number.isInteger(hidden) && hidden >= 1)) throw new RangeError(`adversary hidden units: got ${hidden}`);
    this.domains = spec.domains, this.hidden = hidden, this.nIn = nIn;
    this.#p = { W1: take(nIn * hidden), b1: take(hidden), W2: take(hidden * spec.domains), b2: take(spec.domains) };
  }

  /** Glorot-uniform kernels from `Math.random` (seeded by the caller's `withSeededRandom`), zero biases. */
  init(f32: F32): void {
    const glorot = (at: number, fanIn: number, fanOut: number) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut)), w = f32(at, fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (2 * Math.random() - 1) * limit;
    };
    glorot(this.#p.W1, this.nIn, this.hidden);
    glorot(this.#p.W2, this.hidden, this.domains);
    f32(this.#p.b1, this.hidden).fill(0);
    f32(this.#p.b2, this.domains).fill(0);
  }

  /** Lay out the activations for batches of up to `B` rows with the trainer's `alloc`. */
  layOut(B: number, alloc: (floats: number) => number): void {
    const H = this.hidden, D = this.domains;
    this.#act = {
      z: alloc(B * H),
      h: alloc(B * H),
      logits: alloc(B * D),
      dlogits: alloc(B * D),
      dz: alloc(B * H),
      dIn: alloc(B * this.nIn),
    };
  }

  /**
   * Forward and backward on one batch: the head's gradients go to its parameters' offsets + `G`, and `−λ ·
   * ∂L/∂input` is added to the `[B, nIn]` gradient at `dInput`. Returns the head's mean loss and correct count.
   */
  step(
    k: DenseKernels,
    f32: F32,
    at: { input: number; dInput: number; G: number },
    labels: Int32Array,
    B: number,
    lambda: number,
  ): { loss: number; correct: number } {
    const { W1, b1, W2, b2 } = this.#p, a = this.#act, H = this.hidden, D = this.domains, G = at.G;
    k.dense_forward(at.input, W1, b1, a.z, B, this.nIn, H);
    const z = f32(a.z, B * H), h = f32(a.h, B * H);
    for (let i = 0; i < z.length; i++) h[i] = z[i] > 0 ? z[i] : 0;
    k.dense_forward(a.h, W2, b2, a.logits, B, H, D);
    const r = softmaxCrossEntropy(f32(a.logits, B * D), labels, f32(a.dlogits, B * D), B, D);
    k.dense_backward_weights(a.h, a.dlogits, W2 + G, b2 + G, B, H, D);
    k.dense_backward_input(a.dlogits, W2, a.dz, B, H, D);
    const dz = f32(a.dz, B * H);
    for (let i = 0; i < dz.length; i++) if (!(z[i] > 0)) dz[i] = 0;
    k.dense_backward_weights(at.input, a.dz, W1 + G, b1 + G, B, this.nIn, H);
    k.dense_backward_input(a.dz, W1, a.dIn, B, this.nIn, H);
    const dA = f32(at.dInput, B * this.nIn), dI = f32(a.dIn, B * this.nIn);
    for (let i = 0; i < dA.length; i++) dA[i] -= lambda * dI[i];
    return r;
  }
}
