import { resample } from "../audio/resample.ts";
import { applyChannel, type ChannelResponse, convolveSame, hardClip, roomImpulse } from "./recording_chain.ts";
import { getWindow, stft } from "../features/stft.ts";
import { complexFft } from "../features/fft.ts";
import { fastGaussian, type Rng, rngFor, uniform } from "../random.ts";

/** One waveform augmentation, as applied (recorded with the augmented copy). */
export type Augmentation =
  | { kind: "gain"; db: number }
  | { kind: "noise"; color: "white" | "pink" | "babble"; snrDb: number }
  | { kind: "pitch"; semitones: number }
  | { kind: "stretch"; rate: number }
  | { kind: "channel"; response: ChannelResponse }
  | { kind: "room"; rt60: number; wet: number }
  | { kind: "clip" };

/**
 * The augmentation plans: `level` (a voice change, noise on every other copy, a level from −30 to +6 dB) and `chain`
 * (the same voices, then a recording chain drawn per copy: a channel response, a room, noise, a level from −30 to
 * +20 dB with the clipping a hot chain causes).
 */
export type AugmentPlanName = "level" | "chain";
export const AUGMENT_PLANS: readonly AugmentPlanName[] = ["level", "chain"];

/**
 * Time-stretch by a phase vocoder, as `librosa.effects.time_stretch(y, rate)`: STFT (n_fft 2048, hop 512, Hann),
 * `librosa.phase_vocoder` (magnitudes interpolated between frames, phase advanced by the expected per-bin
 * increment plus the measured deviation), then an inverse STFT by weighted overlap-add. `rate > 1` is faster.
 *
 * @returns About `len(y) / rate` samples.
 * @throws {RangeError} If `rate` is not positive.
 * @example
 * const slower = timeStretch(y, 0.9);
 */
export function timeStretch(y: Float32Array, rate: number): Float32Array {
  if (!(rate > 0)) throw new RangeError(`\`rate\` must be positive: received ${rate}`);
  const nFft = 2048, hop = 512, bins = nFft / 2 + 1;
  const D = stft(y, { nFft, hopLength: hop });
  const T = D.cols;
  const steps: number[] = [];
  for (let s = 0; s < T; s += rate) steps.push(s);
  const out = steps.length;
  const re = new Float64Array(bins * out), im = new Float64Array(bins * out);
  const phase = new Float64Array(bins);
  for (let f = 0; f < bins; f++) phase[f] = Math.atan2(D.im[f * T], D.re[f * T]);
  for (let k = 0; k < out; k++) {
    const t = Math.floor(steps[k]), a = steps[k] - t;
    for (let f = 0; f < bins; f++) {
      const at = f * T + t, next = t + 1 < T ? at + 1 : -1;
      const m0 = Math.hypot(D.re[at], D.im[at]);
      const m1 = next >= 0 ? Math.hypot(D.re[next], D.im[next]) : 0;
      const mag = (1 - a) * m0 + a * m1;
      re[f * out + k] = mag * Math.cos(phase[f]);
      im[f * out + k] = mag * Math.sin(phase[f]);
      const expected = (Math.PI * hop * f) / (nFft / 2);
      const p1 = next >= 0 ? Math.atan2(D.im[next], D.re[next]) : 0;
      let dphi = p1 - Math.atan2(D.im[at], D.re[at]) - expected;
      dphi -= 2 * Math.PI * Math.round(dphi / (2 * Math.PI));
      phase[f] += expected + dphi;
    }
  }
  return istft(re, im, out, nFft, hop, Math.round(y.length / rate));
}

/** Inverse STFT by overlap-add with the Hann window, normalised by the summed squared window (librosa's istft). */
function istft(
  re: Float64Array,
  im: Float64Array,
  frames: number,
  nFft: number,
  hop: number,
  length: number,
): Float32Array {
  const w = getWindow("hann", nFft), bins = nFft / 2 + 1, fft = complexFft(nFft);
  const total = nFft + hop * (frames - 1);
  const acc = new Float64Array(total), norm = new Float64Array(total);
  const xr = new Float64Array(nFft), xi = new Float64Array(nFft);
  for (let t = 0; t < frames; t++) {
    // Hermitian spectrum, conjugated: FFT(conj X) = conj(N · IFFT(X)); the signal is real.
    for (let f = 0; f < bins; f++) {
      xr[f] = re[f * frames + t];
      xi[f] = -im[f * frames + t];
    }
    for (let f = bins; f < nFft; f++) {
      xr[f] = re[(nFft - f) * frames + t];
      xi[f] = im[(nFft - f) * frames + t];
    }
    fft.transform(xr, xi);
    for (let n = 0; n < nFft; n++) {
      acc[t * hop + n] += (xr[n] / nFft) * w[n];
      norm[t * hop + n] += w[n] * w[n];
    }
  }
  const pad = nFft >> 1, y = new Float32Array(length);
  for (let i = 0; i < length && i + pad < total; i++) {
    const n = norm[i + pad];
    y[i] = n > 1e-8 ? acc[i + pad] / n : acc[i + pad];
  }
  return y;
}

/**
 * Shift pitch by `semitones` keeping the duration, as `librosa.effects.pitch_shift`: time-stretch by
 * `2^(−semitones/12)`, resample back (libsoxr HQ), and fix the length to the input's.
 *
 * @example
 * const higher = pitchShift(y, 16000, 2);
 */
export function pitchShift(y: Float32Array, sampleRate: number, semitones: number): Float32Array {
  const rate = 2 ** (-semitones / 12);
  const stretched = timeStretch(y, rate);
  const { y: shifted } = resample(stretched, { origSr: sampleRate / rate, targetSr: sampleRate, fix: false });
  const out = new Float32Array(y.length);
  out.set(shifted.subarray(0, y.length));
  return out;
}

function power(y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return s / Math.max(1, y.length);
}

/** Pink (1/f) noise from white noise by Paul Kellet's economy filter. */
function pinkNoise(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0;
  for (let i = 0; i < n; i++) {
    const w = fastGaussian(rng);
    b0 = 0.99765 * b0 + w * 0.0990460;
    b1 = 0.96300 * b1 + w * 0.2965164;
    b2 = 0.57000 * b2 + w * 1.0526913;
    out[i] = b0 + b1 + b2 + w * 0.1848;
  }
  return out;
}

/**
 * Add noise at a signal-to-noise ratio: `y + g·n` with `g` such that `10 log10(P_y / P_{g·n}) = snrDb`. White and pink
 * noise are generated; babble is the sum of the given other clips (looped, each from a random offset).
 *
 * @param babble For `color: "babble"`, other speakers' clips (at least one).
 * @throws {RangeError} If babble is asked for without clips.
 */
export function addNoise(
  y: Float32Array,
  color: "white" | "pink" | "babble",
  snrDb: number,
  rng: Rng,
  babble: readonly Float32Array[] = [],
): Float32Array {
  const n = y.length;
  let noise: Float32Array;
  if (color === "white") noise = Float32Array.from({ length: n }, () => fastGaussian(rng));
  else if (color === "pink") noise = pinkNoise(n, rng);
  else {
    if (babble.length === 0) throw new RangeError("babble noise needs at least one other clip");
    noise = new Float32Array(n);
    for (const b of babble) {
      if (b.length === 0) continue;
      const off = Math.floor(rng() * b.length);
      for (let i = 0; i < n; i++) noise[i] += b[(off + i) % b.length];
    }
  }
  const ps = power(y), pn = power(noise);
  const g = pn > 0 && ps > 0 ? Math.sqrt(ps / (pn * 10 ** (snrDb / 10))) : 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = y[i] + g * noise[i];
  return out;
}

/** Apply one augmentation. */
export function applyAugmentation(
  y: Float32Array,
  sampleRate: number,
  a: Augmentation,
  rng: Rng,
  babble: readonly Float32Array[] = [],
): Float32Array {
  switch (a.kind) {
    case "gain": {
      const g = 10 ** (a.db / 20);
      return y.map((v) => v * g);
    }
    case "noise":
      return addNoise(y, a.color, a.snrDb, rng, babble);
    case "pitch":
      return pitchShift(y, sampleRate, a.semitones);
    case "stretch":
      return timeStretch(y, a.rate);
    case "channel":
      return applyChannel(y, sampleRate, a.response);
    case "room":
      return convolveSame(y, roomImpulse(sampleRate, a.rt60, a.wet, rng));
    case "clip":
      return hardClip(y);
  }
}

/** The version of {@linkcode augmentationPlan}'s draws; augmented features cached under another version are not reused. */
export const AUGMENT_PLAN_VERSION = 2;

/**
 * The augmentations for copy `k` of a clip, drawn deterministically from the seed and the clip's path: copy 0 changes
 * the voice (pitch ±1–3 semitones, or tempo 0.85–1.15), copy 1 adds noise (white, pink or babble at 5–20 dB SNR) to a
 * pitch-shifted voice, and further copies alternate. Every copy also changes the level, by −30 to +6 dB: a microphone
 * further away or set lower is the common case, and a model that has only heard studio levels reads a quiet recording
 * as a calm one.
 *
 * @example
 * augmentationPlan(42, "Actor_01/03-01-05-01-01-01-01.wav", 0);
 */
export function augmentationPlan(
  seed: number,
  path: string,
  k: number,
  plan: AugmentPlanName = "level",
): Augmentation[] {
  if (plan === "chain") return chainPlan(seed, path, k);
  const rng = rngFor(seed, `augment:${path}:${k}`);
  const sign = () => (rng() < 0.5 ? -1 : 1);
  const voice: Augmentation = rng() < 0.6
    ? { kind: "pitch", semitones: sign() * uniform(rng, 1, 3) }
    : { kind: "stretch", rate: uniform(rng, 0.85, 1.15) };
  const gain: Augmentation = { kind: "gain", db: uniform(rng, -30, 6) };
  if (k % 2 === 0) return [voice, gain];
  const colors = ["white", "pink", "babble"] as const;
  return [
    { kind: "pitch", semitones: sign() * uniform(rng, 0.5, 2) },
    { kind: "noise", color: colors[Math.floor(rng() * 3)], snrDb: uniform(rng, 5, 20) },
    gain,
  ];
}

/** A seeded generator for applying the plan of copy `k` (noise samples, babble offsets). */
export function augmentationRng(seed: number, path: string, k: number): Rng {
  return rngFor(seed, `augment-apply:${path}:${k}`);
}

/** The version of the `chain` plan's draws (its cached features are keyed by it). */
export const CHAIN_PLAN_VERSION = 1;

/**
 * Copy `k` of the `chain` plan: the voice change of the `level` plan's copy, then a recording chain — a channel
 * response (60 %: telephone, narrowband, a high-pass at 80–300 Hz, or a tilt of ±1–4 dB/octave), a room (40 %: RT60
 * 0.2–0.9 s), noise (50 %: white, pink or babble at 5–30 dB SNR), a level from −30 to +20 dB, and clipping when the
 * level is raised (a chain set too hot).
 */
function chainPlan(seed: number, path: string, k: number): Augmentation[] {
  const rng = rngFor(seed, `augment-chain:${path}:${k}`);
  const sign = () => (rng() < 0.5 ? -1 : 1);
  const out: Augmentation[] = [
    rng() < 0.6
      ? { kind: "pitch", semitones: sign() * uniform(rng, 1, 3) }
      : { kind: "stretch", rate: uniform(rng, 0.85, 1.15) },
  ];
  if (rng() < 0.6) {
    const u = rng();
    const response: ChannelResponse = u < 0.15
      ? { kind: "telephone" }
      : u < 0.3
      ? { kind: "narrowband" }
      : u < 0.6
      ? { kind: "highpass", hz: uniform(rng, 80, 300) }
      : { kind: "tilt", dbPerOctave: sign() * uniform(rng, 1, 4) };
    out.push({ kind: "channel", response });
  }
  if (rng() < 0.4) out.push({ kind: "room", rt60: uniform(rng, 0.2, 0.9), wet: uniform(rng, 0.1, 0.6) });
  if (rng() < 0.5) {
    const colors = ["white", "pink", "babble"] as const;
    out.push({ kind: "noise", color: colors[Math.floor(rng() * 3)], snrDb: uniform(rng, 5, 30) });
  }
  const db = uniform(rng, -30, 20);
  out.push({ kind: "gain", db });
  if (db > 0) out.push({ kind: "clip" });
  return out;
}
