/**
 * Private: Keras's Adam constants and step size (shared with the WebAssembly step) and the update of the tf.variableGrads
 * training path, in Keras's form (β₁ 0.9, β₂ 0.999, ε 1e−7):
 * `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `w ← w − lr_t·m/(√v + ε)` with `lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`.
 *
 * @module
 */

/** Keras's Adam defaults: β₁, β₂ and ε. */
export const BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-7;

/** The bias-corrected step size `lr_t` for step `t` (1-based). */
export function adamStepSize(lr: number, t: number): number {
  return (lr * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
}

/** Update one parameter array: new values go to `dst` (which may be `w` itself), moments are updated in place. */
export function adamUpdate(
  w: Float32Array,
  dst: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lrT: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = (m[i] = BETA1 * m[i] + (1 - BETA1) * gi);
    const vi = (v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi);
    dst[i] = w[i] - (lrT * mi) / (Math.sqrt(vi) + EPSILON);
  }
}
