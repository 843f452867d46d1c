/**
 * Private: the Adam update shared by both training paths, in Keras's form (β₁ 0.9, β₂ 0.999, ε 1e−7):
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

/**
 * Update one parameter array: new values go to `dst` (which may be `w` itself), moments are updated in place.
 * With `transposed`, `w` is a row-major `[rows][cols]` matrix and the new values are also written, transposed, to
 * `transposed.dst` in the same pass.
 */
export function adamUpdate(
  w: Float32Array,
  dst: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lrT: number,
  transposed?: { dst: Float32Array; rows: number; cols: number },
): void {
  const cols = transposed?.cols ?? w.length, rows = transposed?.rows ?? 1, dstT = transposed?.dst;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) {
      const gi = g[i];
      const mi = (m[i] = BETA1 * m[i] + (1 - BETA1) * gi);
      const vi = (v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi);
      const val = w[i] - (lrT * mi) / (Math.sqrt(vi) + EPSILON);
      dst[i] = val;
      if (dstT) dstT[c * rows + r] = val;
    }
  }
}
