/**
 * Private: the softmax cross-entropy the fused trainer and its adversary head share (in JavaScript: 8 numbers a row for
 * the emotions, one per speaker or corpus for the adversary).
 *
 * @module
 */

/** Probabilities are clipped to [CLIP, 1 − CLIP] in the loss, as Keras's categorical cross-entropy. */
export const CLIP = 1e-7;

/**
 * Softmax cross-entropy of `B` rows of `C` logits against `labels`: writes `dlogits` (the gradient of the mean loss)
 * and returns the mean loss and the number of rows whose arg-max is the label.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  dlogits: Float32Array,
  B: number,
  C: number,
): { loss: number; correct: number } {
  let loss = 0, correct = 0;
  const p = new Float64Array(C);
  for (let i = 0; i < B; i++) {
    let mx = -Infinity, best = 0, sum = 0;
    for (let c = 0; c < C; c++) mx = Math.max(mx, logits[i * C + c]);
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
  return { loss: loss / B, correct };
}
