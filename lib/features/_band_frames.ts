/**
 * Private: a band of DFT bins of every rectangular-window STFT frame, for the CQT, where each octave needs only the
 * ~113 bins its filters touch and the lower octaves hop by 8–64 samples over 1,024-sample frames.
 *
 * With a rectangular window, frame t + 1 follows from frame t by the sliding DFT (Jacobsen & Lyons, "The sliding
 * DFT", IEEE Signal Processing Magazine 20(2), 2003), generalised to a hop of h samples:
 *
 *   X_{t+1}[f] = e^{2πi f h / N} · (X_t[f] + Σ_{j<h} (x[th + N + j] − x[th + j]) · e^{−2πi f j / N})
 *
 * which costs about 2h multiply-adds per bin instead of a whole FFT per frame. Where it does not pay (large hops) each
 * frame gets its own FFT. Frames whose samples are all exactly zero are returned as exact zeros, as an FFT returns
 * them, so recursion rounding never reaches digital silence (chroma normalises each frame, and would blow such a
 * residue up). Every 16th frame is recomputed by FFT to bound the rounding the recursion carries.
 *
 * @module
 */
import { realFft } from "./_fft.ts";
import { stftShape } from "./stft.ts";
import { memo } from "./_memo.ts";

/**
 * Recompute a frame by FFT this often, so rounding carried by the recursion (≈1e-16 of the loudest frame since the
 * last anchor) stays far below float32 resolution even in a quiet frame just after a loud one.
 */
const ANCHOR_EVERY = 16;

/** Use the sliding update when `hop × SLIDE_FACTOR ≤ nFft` (measured: for 113 bins of a 1,024-point frame, up to hop 32). */
const SLIDE_FACTOR = 32;

/**
 * Visit bins `lo … hi` of every centred (zero-padded), rectangular-window STFT frame of `y`.
 *
 * @param y Samples.
 * @param options.nFft Frame length, a power of two.
 * @param options.hopLength Hop in samples.
 * @param options.lo First bin wanted.
 * @param options.hi Last bin wanted (inclusive), at most `nFft / 2`.
 * @param options.method `"fft"` (an FFT per frame), `"slide"`, or `"auto"`: slide when `hop × 32 ≤ nFft`. Default auto.
 * @param visit Called with the frame index and the band's real and imaginary parts (`re[f − lo]`), reused per call.
 */
export function forEachBandFrame(
  y: Float32Array,
  options: { nFft: number; hopLength: number; lo: number; hi: number; method?: "auto" | "fft" | "slide" },
  visit: (t: number, re: Float64Array, im: Float64Array) => void,
): void {
  const { nFft: n, hopLength: h, lo, hi } = options;
  const { frames } = stftShape(y.length, { nFft: n, hopLength: h });
  const nb = hi - lo + 1, pad = n >> 1, len = y.length;
  const plan = realFft(n);
  const fr = new Float64Array((n >> 1) + 1), fi = new Float64Array((n >> 1) + 1);
  const re = new Float64Array(nb), im = new Float64Array(nb);
  const fromFft = (t: number) => {
    plan.forward(y, fr, fi, t * h - pad);
    re.set(fr.subarray(lo, hi + 1));
    im.set(fi.subarray(lo, hi + 1));
  };
  const method = options.method ?? "auto";
  if (method === "fft" || (method === "auto" && h * SLIDE_FACTOR > n)) {
    for (let t = 0; t < frames; t++) {
      fromFft(t);
      visit(t, re, im);
    }
    return;
  }
  const { rotR, rotI, cosT, sinT } = slideTables(n, h, lo, hi);
  const sample = (i: number) => (i >= 0 && i < len ? y[i] : 0);
  // Non-zero samples in the current frame, kept exactly to recognise digitally silent frames.
  let nonZero = 0;
  for (let i = -pad; i < n - pad; i++) if (sample(i) !== 0) nonZero++;
  const d = new Float64Array(h);
  for (let t = 0; t < frames; t++) {
    if (t > 0) {
      const start = (t - 1) * h - pad;
      for (let j = 0; j < h; j++) {
        const out = sample(start + j), enter = sample(start + n + j);
        d[j] = enter - out;
        nonZero += (enter !== 0 ? 1 : 0) - (out !== 0 ? 1 : 0);
      }
    }
    if (nonZero === 0) {
      re.fill(0); // exact, and an exact starting point for the frames that follow
      im.fill(0);
    } else if (t % ANCHOR_EVERY === 0) {
      fromFft(t);
    } else {
      for (let b = 0, at = 0; b < nb; b++) {
        let sr = 0, si = 0;
        for (let j = 0; j < h; j++, at++) {
          sr += d[j] * cosT[at];
          si -= d[j] * sinT[at];
        }
        const xr = re[b] + sr, xi = im[b] + si;
        re[b] = xr * rotR[b] - xi * rotI[b];
        im[b] = xr * rotI[b] + xi * rotR[b];
      }
    }
    visit(t, re, im);
  }
}

/** Per band bin b and offset j < h: cos/sin of 2π(lo + b)j/N, and the rotation e^{2πi(lo + b)h/N}. */
function slideTables(n: number, h: number, lo: number, hi: number) {
  return memo("band-frames", [n, h, lo, hi], () => {
    const nb = hi - lo + 1, mask = n - 1;
    const cosT = new Float64Array(nb * h), sinT = new Float64Array(nb * h);
    const rotR = new Float64Array(nb), rotI = new Float64Array(nb);
    const angle = (k: number) => (2 * Math.PI * (k & mask)) / n; // reduce mod N first, as an FFT table would
    for (let b = 0; b < nb; b++) {
      for (let j = 0; j < h; j++) {
        cosT[b * h + j] = Math.cos(angle((lo + b) * j));
        sinT[b * h + j] = Math.sin(angle((lo + b) * j));
      }
      rotR[b] = Math.cos(angle((lo + b) * h));
      rotI[b] = Math.sin(angle((lo + b) * h));
    }
    return { rotR, rotI, cosT, sinT };
  });
}
