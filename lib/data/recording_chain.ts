/**
 * What a recording chain does to a voice, for augmentation: a microphone's and a channel's frequency response (RBJ
 * biquads: telephone band 300–3,400 Hz, narrowband below 3.8 kHz, a high-pass, a spectral tilt), a room (a synthetic
 * impulse response: exponentially decaying noise of a given RT60, convolved by FFT), and the clipping of a chain set
 * too hot. Level and noise are in `augment.ts`.
 *
 * Biquad coefficients: R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients".
 *
 * @module
 */
import { complexFft } from "../features/fft.ts";
import { fastGaussian, type Rng } from "../random.ts";

/** A channel's frequency response. */
export type ChannelResponse =
  | { kind: "telephone" }
  | { kind: "narrowband" }
  | { kind: "highpass"; hz: number }
  | { kind: "tilt"; dbPerOctave: number };

/** One biquad's normalised coefficients (`a0` = 1). */
interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** RBJ low- or high-pass biquad at `hz` with quality `q` (0.7071: Butterworth). */
function passBiquad(type: "low" | "high", hz: number, sampleRate: number, q = Math.SQRT1_2): Biquad {
  const w = (2 * Math.PI * Math.min(hz, 0.49 * sampleRate)) / sampleRate,
    c = Math.cos(w),
    alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = type === "low" ? 1 - c : -(1 + c), b0 = type === "low" ? (1 - c) / 2 : (1 + c) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * c) / a0, a2: (1 - alpha) / a0 };
}

/** RBJ high-shelf biquad: `gainDb` above `hz`, 0 dB below (slope 1). */
function highShelf(hz: number, gainDb: number, sampleRate: number): Biquad {
  const A = 10 ** (gainDb / 40), w = (2 * Math.PI * hz) / sampleRate, c = Math.cos(w);
  const alpha = (Math.sin(w) / 2) * Math.SQRT2, s = 2 * Math.sqrt(A) * alpha;
  const a0 = (A + 1) - (A - 1) * c + s;
  return {
    b0: (A * ((A + 1) + (A - 1) * c + s)) / a0,
    b1: (-2 * A * ((A - 1) + (A + 1) * c)) / a0,
    b2: (A * ((A + 1) + (A - 1) * c - s)) / a0,
    a1: (2 * ((A - 1) - (A + 1) * c)) / a0,
    a2: ((A + 1) - (A - 1) * c - s) / a0,
  };
}

/** Run a biquad over `y` (direct form I), in place on a copy. */
function runBiquad(y: Float32Array, f: Biquad): Float32Array {
  const out = new Float32Array(y.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < y.length; i++) {
    const x = y[i], v = f.b0 * x + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    x2 = x1, x1 = x, y2 = y1, y1 = v;
    out[i] = v;
  }
  return out;
}

/**
 * A channel's response applied to `y`: telephone (4th-order high-pass at 300 Hz and low-pass at 3,400 Hz),
 * narrowband (4th-order low-pass at 3,800 Hz, an 8 kHz chain), a 2nd-order high-pass, or a tilt (a high shelf at
 * 1 kHz of `dbPerOctave` × 3 octaves, a microphone brighter or duller than the studio's).
 *
 * @example
 * const phone = applyChannel(y, 16000, { kind: "telephone" });
 */
export function applyChannel(y: Float32Array, sampleRate: number, r: ChannelResponse): Float32Array {
  switch (r.kind) {
    case "telephone": {
      const hp = passBiquad("high", 300, sampleRate), lp = passBiquad("low", 3400, sampleRate);
      return runBiquad(runBiquad(runBiquad(runBiquad(y, hp), hp), lp), lp);
    }
    case "narrowband": {
      const lp = passBiquad("low", 3800, sampleRate);
      return runBiquad(runBiquad(y, lp), lp);
    }
    case "highpass":
      return runBiquad(y, passBiquad("high", r.hz, sampleRate));
    case "tilt":
      return runBiquad(y, highShelf(1000, 3 * r.dbPerOctave, sampleRate));
  }
}

/**
 * A synthetic room impulse response: a direct path then exponentially decaying white noise that falls 60 dB in `rt60`
 * seconds, its energy after the direct path `wet` of the direct path's.
 *
 * @example
 * const ir = roomImpulse(16000, 0.4, 0.5, rng);
 */
export function roomImpulse(sampleRate: number, rt60: number, wet: number, rng: Rng): Float32Array {
  const n = Math.max(2, Math.round(rt60 * sampleRate));
  const h = new Float32Array(n);
  let energy = 0;
  for (let i = 1; i < n; i++) {
    h[i] = fastGaussian(rng) * Math.exp((-6.9078 * i) / n); // e^(−6.9) = 10^(−3): −60 dB at rt60
    energy += h[i] * h[i];
  }
  const g = energy > 0 ? Math.sqrt(wet / energy) : 0;
  for (let i = 1; i < n; i++) h[i] *= g;
  h[0] = 1;
  return h;
}

/**
 * Convolve `y` with `h` by FFT, keeping `y`'s length (the tail is cut), and rescale to `y`'s peak so that a room does
 * not change the level (gain is a separate step).
 */
export function convolveSame(y: Float32Array, h: Float32Array): Float32Array {
  let size = 1;
  while (size < y.length + h.length - 1) size *= 2;
  const fft = complexFft(size);
  const ar = new Float64Array(size),
    ai = new Float64Array(size),
    br = new Float64Array(size),
    bi = new Float64Array(size);
  ar.set(y);
  br.set(h);
  fft.transform(ar, ai);
  fft.transform(br, bi);
  // Product, conjugated: FFT(conj(P)) = conj(N · IFFT(P)); the result is real.
  for (let k = 0; k < size; k++) {
    const re = ar[k] * br[k] - ai[k] * bi[k], im = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = re;
    ai[k] = -im;
  }
  fft.transform(ar, ai);
  let peakIn = 0, peakOut = 0;
  for (let i = 0; i < y.length; i++) peakIn = Math.max(peakIn, Math.abs(y[i]));
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    out[i] = ar[i] / size;
    peakOut = Math.max(peakOut, Math.abs(out[i]));
  }
  const g = peakOut > 0 ? peakIn / peakOut : 0;
  for (let i = 0; i < out.length; i++) out[i] *= g;
  return out;
}

/** Hard clipping at ±1, as a chain set too hot clips (an ADC, or a float signal written as integers). */
export function hardClip(y: Float32Array): Float32Array {
  return y.map((v) => Math.max(-1, Math.min(1, v)));
}
