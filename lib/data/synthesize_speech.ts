import type { Emotion } from "./emotions.ts";
import { fastGaussian, gaussian, type Rng, uniform } from "../random.ts";

/** Prosody of an emotion, relative to a speaker's neutral voice. */
export interface EmotionProsody {
  /** F0 level multiplier. */
  f0Scale: number;
  /** Pitch-accent excursion as a fraction of F0. */
  f0Range: number;
  /** Syllables per second. */
  rate: number;
  /** Linear gain of the voice. */
  energy: number;
  /** Glottal low-pass pole (higher = darker, steeper spectral tilt). */
  tilt: number;
  /** Cycle-to-cycle F0 jitter (fraction). */
  jitter: number;
  /** Breath (aspiration) noise relative to voicing. */
  breath: number;
  /** Final contour: positive rises (questions, surprise), negative falls. */
  finalSlope: number;
}

/**
 * Emotion profiles after the acoustic-correlates literature (Scherer 2003; Juslin & Laukka 2003): anger and joy raise
 * F0, energy and tempo and flatten the spectral tilt; sadness lowers all three; fear raises F0 and jitter.
 */
export const EMOTION_PROSODY: Record<Emotion, EmotionProsody> = {
  neutral: {
    f0Scale: 1.0,
    f0Range: 0.14,
    rate: 4.2,
    energy: 1.0,
    tilt: 0.955,
    jitter: 0.006,
    breath: 0.05,
    finalSlope: -0.10,
  },
  calm: {
    f0Scale: 0.95,
    f0Range: 0.09,
    rate: 3.6,
    energy: 0.75,
    tilt: 0.965,
    jitter: 0.005,
    breath: 0.07,
    finalSlope: -0.08,
  },
  happy: {
    f0Scale: 1.22,
    f0Range: 0.32,
    rate: 4.8,
    energy: 1.3,
    tilt: 0.94,
    jitter: 0.008,
    breath: 0.05,
    finalSlope: 0.05,
  },
  sad: {
    f0Scale: 0.9,
    f0Range: 0.07,
    rate: 3.1,
    energy: 0.6,
    tilt: 0.972,
    jitter: 0.009,
    breath: 0.11,
    finalSlope: -0.15,
  },
  angry: {
    f0Scale: 1.18,
    f0Range: 0.28,
    rate: 5.1,
    energy: 1.8,
    tilt: 0.92,
    jitter: 0.011,
    breath: 0.04,
    finalSlope: -0.12,
  },
  fear: {
    f0Scale: 1.32,
    f0Range: 0.22,
    rate: 5.5,
    energy: 0.9,
    tilt: 0.95,
    jitter: 0.022,
    breath: 0.13,
    finalSlope: 0.02,
  },
  disgust: {
    f0Scale: 0.93,
    f0Range: 0.2,
    rate: 3.4,
    energy: 1.1,
    tilt: 0.948,
    jitter: 0.013,
    breath: 0.08,
    finalSlope: -0.18,
  },
  surprise: {
    f0Scale: 1.38,
    f0Range: 0.42,
    rate: 4.4,
    energy: 1.4,
    tilt: 0.94,
    jitter: 0.008,
    breath: 0.06,
    finalSlope: 0.3,
  },
  boredom: {
    f0Scale: 0.92,
    f0Range: 0.05,
    rate: 3.3,
    energy: 0.7,
    tilt: 0.968,
    jitter: 0.006,
    breath: 0.06,
    finalSlope: -0.05,
  },
};

/** A speaker's voice. */
export interface Voice {
  /** Neutral F0 in Hz. */
  f0: number;
  /** Formant frequency multiplier (shorter vocal tracts are higher). */
  formantScale: number;
  /** Tempo multiplier. */
  tempo: number;
  /** Vocal effort multiplier. */
  effort: number;
}

/** Formant targets (Hz) of five vowels for an adult male vocal tract (Peterson & Barney averages). */
const VOWELS: [number, number, number, number][] = [
  [730, 1090, 2440, 3400], // a
  [270, 2290, 3010, 3700], // i
  [300, 870, 2240, 3300], // u
  [530, 1840, 2480, 3500], // e
  [570, 840, 2410, 3400], // o
];
const BANDWIDTHS = [80, 100, 140, 200];

/** Options for {@linkcode synthesizeSpeech}. */
export interface SynthesizeSpeechOptions {
  /** Output rate in Hz. */
  sampleRate: number;
  /** Duration in seconds. */
  duration: number;
  /** How much each clip's prosody strays from its emotion's profile (standard deviation, fraction). Default 0.18. */
  variability?: number;
}

/**
 * Synthesize a speech-like utterance with a source–filter model: a jittered glottal pulse train following an F0
 * contour (declination, per-syllable accents, emotion-dependent range and final slope), shaped by a glottal
 * low-pass (spectral tilt), a cascade of four formant resonators moving between vowel targets syllable by syllable,
 * fricative noise between syllables, aspiration noise and a low noise floor.
 *
 * @param emotion Emotion whose prosody profile to follow.
 * @param voice The speaker.
 * @param rng Random source (determines everything else).
 * @returns Mono samples in [−1, 1].
 * @example
 * const y = synthesizeSpeech("angry", { f0: 120, formantScale: 1, tempo: 1, effort: 1 }, mulberry32(1), { sampleRate: 16000, duration: 2 });
 */
export function synthesizeSpeech(
  emotion: Emotion,
  voice: Voice,
  rng: Rng,
  options: SynthesizeSpeechOptions,
): Float32Array {
  const { sampleRate: sr, duration, variability = 0.18 } = options;
  const prosody = drawProsody(EMOTION_PROSODY[emotion], voice, rng, variability);
  const n = Math.round(duration * sr);
  const out = new Float32Array(n);
  const lead = uniform(rng, 0.08, 0.3), tail = uniform(rng, 0.08, 0.3);
  const speechStart = Math.round(lead * sr), speechEnd = Math.max(speechStart + 1, n - Math.round(tail * sr));
  const syllables = planSyllables(speechStart, speechEnd, sr, prosody.rate, rng);
  const source: SourceState = {
    state: new Float64Array(8),
    coef: new Float64Array(12),
    phase: 0,
    period: 1,
    glottal1: 0,
    glottal2: 0,
    nextJitter: 1,
  };
  for (const s of syllables) renderSyllable(out, s, { sr, speechStart, speechEnd, voice, prosody, source }, rng);
  // Level: normalise the voiced peak, then apply the emotion's energy, and add a −66 dB noise floor.
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]));
  const gain = peak > 0 ? (0.22 * prosody.energy) / peak : 0;
  for (let i = 0; i < n; i++) out[i] = Math.max(-0.99, Math.min(0.99, out[i] * gain + 0.0005 * fastGaussian(rng)));
  return out;
}

/** One utterance's prosody, drawn around the emotion's profile and the voice (the draws' order is fixed). */
interface DrawnProsody {
  f0Base: number;
  range: number;
  rate: number;
  energy: number;
  tilt: number;
  jitter: number;
  breath: number;
  finalSlope: number;
}

function drawProsody(p: EmotionProsody, voice: Voice, rng: Rng, variability: number): DrawnProsody {
  const vary = (x: number, s = variability) => x * Math.exp(s * gaussian(rng));
  const f0Base = voice.f0 * vary(p.f0Scale, variability * 0.6);
  const range = vary(p.f0Range);
  const rate = vary(p.rate * voice.tempo, variability * 0.7);
  const energy = vary(p.energy * voice.effort, variability);
  const tilt = Math.min(0.985, Math.max(0.88, p.tilt + 0.012 * gaussian(rng) * variability * 5));
  const jitter = vary(p.jitter);
  const breath = vary(p.breath);
  const finalSlope = p.finalSlope + 0.08 * gaussian(rng);
  return { f0Base, range, rate, energy, tilt, jitter, breath, finalSlope };
}

/** A syllable: `[start, end)` in samples, its vowel and accent strength. */
interface Syllable {
  start: number;
  end: number;
  vowel: number;
  accent: number;
}

/** Syllables of about `sr / rate` samples (±30 %) from `speechStart` to `speechEnd`, with occasional pauses. */
function planSyllables(speechStart: number, speechEnd: number, sr: number, rate: number, rng: Rng): Syllable[] {
  const syllables: Syllable[] = [];
  for (let at = speechStart; at < speechEnd;) {
    const len = Math.round((sr / rate) * uniform(rng, 0.7, 1.3));
    syllables.push({
      start: at,
      end: Math.min(speechEnd, at + len),
      vowel: Math.floor(rng() * VOWELS.length),
      accent: rng() < 0.4 ? uniform(rng, 0.5, 1) : uniform(rng, 0, 0.3),
    });
    at += len + (rng() < 0.15 ? Math.round(uniform(rng, 0.05, 0.2) * sr) : 0); // occasional pause
  }
  return syllables;
}

/** The glottal source and the resonators' state, carried from syllable to syllable. */
interface SourceState {
  /** Two past outputs per formant resonator. */
  state: Float64Array;
  /** Per resonator: the two feedback coefficients and the gain. */
  coef: Float64Array;
  phase: number;
  period: number;
  glottal1: number;
  glottal2: number;
  nextJitter: number;
}

/** Set the four formant resonators (direct-form biquads) for a block, gliding from a schwa towards `target`. */
function setFormants(coef: Float64Array, target: number[], glide: number, formantScale: number, sr: number): void {
  for (let k = 0; k < 4; k++) {
    const schwa = [500, 1500, 2500, 3500][k] * formantScale;
    const f = Math.min(0.45 * sr, schwa + (target[k] - schwa) * glide);
    const r = Math.exp((-Math.PI * BANDWIDTHS[k]) / sr);
    coef[3 * k] = 2 * r * Math.cos((2 * Math.PI * f) / sr);
    coef[3 * k + 1] = -r * r;
    coef[3 * k + 2] = 1 - r; // rough gain normalisation
  }
}

/** Render one syllable into `out`: voiced (glottal pulses) then fricative noise, through the formant cascade. */
function renderSyllable(
  out: Float32Array,
  s: Syllable,
  c: {
    sr: number;
    speechStart: number;
    speechEnd: number;
    voice: Voice;
    prosody: DrawnProsody;
    source: SourceState;
  },
  rng: Rng,
): void {
  const { sr, speechStart, speechEnd, voice, prosody: p, source: g } = c;
  const block = Math.max(1, Math.round(0.005 * sr));
  const voicedEnd = s.start + Math.round((s.end - s.start) * uniform(rng, 0.55, 0.75));
  const fricative = uniform(rng, 0.2, 1) * (0.5 + p.breath);
  const target = VOWELS[s.vowel].map((f) => f * voice.formantScale * uniform(rng, 0.93, 1.07));
  const gain = (1 - p.tilt) * (1 - p.tilt) * 0.6;
  for (let b = s.start; b < s.end; b += block) {
    const bEnd = Math.min(s.end, b + block);
    // Formants glide from a neutral schwa towards the vowel target over the first third of the syllable.
    setFormants(
      g.coef,
      target,
      Math.min(1, ((b - s.start) / Math.max(1, voicedEnd - s.start)) * 3),
      voice.formantScale,
      sr,
    );
    // Envelope, accent and declination change slowly: evaluate them once per block.
    const tBlock = (b - speechStart) / Math.max(1, speechEnd - speechStart);
    const uv = Math.min(1, (b - s.start) / Math.max(1, voicedEnd - s.start));
    const env = Math.sin(Math.PI * uv) ** 0.6;
    const declination = 1 - 0.12 * tBlock + p.finalSlope * Math.max(0, tBlock - 0.8) / 0.2;
    const f0Block = p.f0Base * declination * (1 + p.range * s.accent * Math.sin(Math.PI * uv));
    const fricEnv = Math.sin(Math.PI * Math.min(1, Math.max(0, (b - voicedEnd) / Math.max(1, s.end - voicedEnd))));
    for (let i = b; i < bEnd; i++) {
      let x = 0;
      if (i < voicedEnd) {
        const f0 = f0Block * g.nextJitter;
        g.phase += f0 / sr;
        let pulse = 0;
        if (g.phase >= 1) {
          g.phase -= 1;
          pulse = 1;
          g.nextJitter = 1 + p.jitter * gaussian(rng);
          g.period = sr / f0;
        }
        // Glottal source: pulse through a two-pole low-pass (tilt), plus aspiration noise.
        g.glottal1 = pulse * Math.sqrt(g.period) + p.tilt * g.glottal1;
        g.glottal2 = g.glottal1 + p.tilt * g.glottal2;
        x = env * (g.glottal2 * gain + p.breath * 0.5 * fastGaussian(rng));
      } else {
        x = fricative * 0.15 * fastGaussian(rng) * fricEnv;
      }
      out[i] = resonate(g, x);
    }
  }
}

/** One sample through the cascade of four resonators. */
function resonate(g: SourceState, input: number): number {
  const { coef, state } = g;
  let x = input;
  for (let k = 0; k < 4; k++) {
    const y = coef[3 * k + 2] * x + coef[3 * k] * state[2 * k] + coef[3 * k + 1] * state[2 * k + 1];
    state[2 * k + 1] = state[2 * k];
    state[2 * k] = y;
    x = y;
  }
  return x;
}
