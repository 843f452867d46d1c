import { join } from "node:path";
import { encodeWav } from "../audio/encode_wav.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { SYNTHETIC_MARKER } from "./discover_corpus.ts";
import type { Emotion } from "./emotions.ts";
import { synthesizeSpeech, type Voice } from "./synthesize_speech.ts";
import { rngFor, uniform } from "../random.ts";

/** Version of the generator; bump when the output changes so cached demo corpora are rebuilt. */
export const DEMO_CORPUS_VERSION = 1;

/** One planned clip of the demo corpus. */
export interface DemoClip {
  /** Path relative to the corpus root, in the Kaggle bundle's layout. */
  path: string;
  emotion: Emotion;
  speaker: string;
  voice: Voice;
  sampleRate: number;
}

const RAVDESS_CODES: [string, Emotion][] = [
  ["01", "neutral"],
  ["02", "calm"],
  ["03", "happy"],
  ["04", "sad"],
  ["05", "angry"],
  ["06", "fear"],
  ["07", "disgust"],
  ["08", "surprise"],
];
const CREMA_CODES: [string, Emotion][] = [["ANG", "angry"], ["DIS", "disgust"], ["FEA", "fear"], ["HAP", "happy"], [
  "NEU",
  "neutral",
], ["SAD", "sad"]];
const TESS_CODES: [string, Emotion, string][] = [
  ["angry", "angry", "angry"],
  ["disgust", "disgust", "disgust"],
  ["fear", "fear", "Fear"],
  ["happy", "happy", "happy"],
  ["neutral", "neutral", "neutral"],
  ["ps", "surprise", "Pleasant_surprise"],
  ["sad", "sad", "Sad"],
];
const SAVEE_CODES: [string, Emotion][] = [
  ["a", "angry"],
  ["d", "disgust"],
  ["f", "fear"],
  ["h", "happy"],
  ["n", "neutral"],
  ["sa", "sad"],
  ["su", "surprise"],
];
const TESS_WORDS = [
  "back",
  "bar",
  "base",
  "bath",
  "bean",
  "beg",
  "bite",
  "boat",
  "bone",
  "book",
  "bought",
  "burn",
  "cab",
  "calm",
  "came",
  "cause",
  "chair",
  "chalk",
  "chat",
  "check",
];
const CREMA_SENTENCES = ["IEO", "TIE", "IOM", "IWW", "TAI", "DFA"];

/** A synthetic speaker's voice, drawn from the seed and the speaker's name. */
export function voiceOf(seed: number, speaker: string, gender: "male" | "female"): Voice {
  const rng = rngFor(seed, `voice:${speaker}`);
  return {
    f0: gender === "male" ? uniform(rng, 95, 140) : uniform(rng, 175, 245),
    formantScale: (gender === "male" ? 1 : 1.16) * uniform(rng, 0.94, 1.06),
    tempo: uniform(rng, 0.85, 1.15),
    effort: uniform(rng, 0.8, 1.25),
  };
}

/**
 * The demo corpus's clip list: RAVDESS (6 actors, 48 kHz), CREMA-D (6 actors, 16 kHz), TESS (OAF and YAF,
 * 24,414 Hz) and SAVEE (4 speakers, 44.1 kHz), named and laid out as in the Kaggle bundle. 1,048 clips.
 *
 * @param seed Seed for voices and every clip.
 * @example
 * planDemoCorpus(42).length; // 1048
 */
export function planDemoCorpus(seed = 42): DemoClip[] {
  const clips: DemoClip[] = [];
  for (let a = 1; a <= 6; a++) {
    const actor = String(a).padStart(2, "0"), speaker = `ravdess_${actor}`;
    const voice = voiceOf(seed, speaker, a % 2 ? "male" : "female");
    for (const [code, emotion] of RAVDESS_CODES) {
      for (const intensity of code === "01" ? ["01"] : ["01", "02"]) {
        for (const statement of ["01", "02"]) {
          for (const rep of ["01", "02"]) {
            clips.push({
              path:
                `Ravdess/audio_speech_actors_01-24/Actor_${actor}/03-01-${code}-${intensity}-${statement}-${rep}-${actor}.wav`,
              emotion,
              speaker,
              voice,
              sampleRate: 48000,
            });
          }
        }
      }
    }
  }
  for (let a = 1; a <= 6; a++) {
    const actor = String(1000 + a), speaker = `crema_${actor}`;
    const voice = voiceOf(seed, speaker, a % 2 ? "male" : "female");
    for (const [code, emotion] of CREMA_CODES) {
      CREMA_SENTENCES.forEach((sentence, i) => {
        const level = code === "NEU" ? "XX" : ["LO", "MD", "HI", "XX"][(a + i) % 4];
        clips.push({
          path: `Crema/${actor}_${sentence}_${code}_${level}.wav`,
          emotion,
          speaker,
          voice,
          sampleRate: 16000,
        });
      });
    }
  }
  for (const spk of ["OAF", "YAF"]) {
    const speaker = `tess_${spk}`, voice = voiceOf(seed, speaker, "female");
    for (const [code, emotion, folder] of TESS_CODES) {
      const dir = spk === "YAF" && code === "ps" ? "YAF_pleasant_surprised" : `${spk}_${folder}`;
      for (const word of TESS_WORDS) {
        clips.push({ path: `Tess/${dir}/${spk}_${word}_${code}.wav`, emotion, speaker, voice, sampleRate: 24414 });
      }
    }
  }
  for (const spk of ["DC", "JE", "JK", "KL"]) {
    const speaker = `savee_${spk}`, voice = voiceOf(seed, speaker, "male");
    for (const [code, emotion] of SAVEE_CODES) {
      for (let i = 1; i <= (code === "n" ? 12 : 6); i++) {
        clips.push({
          path: `Savee/${spk}_${code}${String(i).padStart(2, "0")}.wav`,
          emotion,
          speaker,
          voice,
          sampleRate: 44100,
        });
      }
    }
  }
  return clips;
}

/** Render one planned clip to 16-bit PCM WAV bytes (1.5–4 s, deterministic for the seed). */
export function renderDemoClip(clip: DemoClip, seed = 42): Uint8Array {
  const rng = rngFor(seed, clip.path);
  const y = synthesizeSpeech(clip.emotion, clip.voice, rng, {
    sampleRate: clip.sampleRate,
    duration: uniform(rng, 1.5, 4),
  });
  return encodeWav(y, clip.sampleRate);
}

/** What {@linkcode writeDemoCorpus} wrote. */
export interface DemoCorpusSummary {
  root: string;
  clips: number;
  seconds: number;
  byCorpus: Record<string, number>;
}

/**
 * Write the synthetic demo corpus under `root` in the Kaggle layouts, plus CREMA-D's `VideoDemographics.csv` for
 * its synthetic actors and the `SYNTHETIC.json` marker that labels every clip synthetic downstream.
 *
 * @param root Destination folder (created).
 * @param options.seed Seed. Default 42.
 * @param options.limit Write only this many clips, evenly spaced through the plan (for quick tests). Default all.
 * @param options.onClip Called after each clip (for progress).
 * @example
 * await writeDemoCorpus("dataset");
 */
export async function writeDemoCorpus(
  root: string,
  options: { seed?: number; limit?: number; onClip?: () => void } = {},
): Promise<DemoCorpusSummary> {
  const seed = options.seed ?? 42;
  const t0 = performance.now();
  const plan = planDemoCorpus(seed);
  const limit = Math.min(plan.length, options.limit ?? plan.length);
  // Evenly spaced through the plan, so a small corpus still covers every corpus and speaker.
  const clips = Array.from({ length: limit }, (_, k) => plan[Math.ceil((k * plan.length) / limit)]);
  const byCorpus: Record<string, number> = {};
  for (const clip of clips) {
    await writeFileAtomic(join(root, clip.path), renderDemoClip(clip, seed));
    const corpus = clip.path.split("/")[0];
    byCorpus[corpus] = (byCorpus[corpus] ?? 0) + 1;
    options.onClip?.();
  }
  const demographics = [
    "ActorID,Age,Sex,Race,Ethnicity",
    ...[1, 2, 3, 4, 5, 6].map((a) => `${1000 + a},30,${a % 2 ? "Male" : "Female"},Synthetic,Synthetic`),
  ];
  await writeFileAtomic(join(root, "Crema", "VideoDemographics.csv"), demographics.join("\n") + "\n");
  await writeFileAtomic(
    join(root, SYNTHETIC_MARKER),
    JSON.stringify(
      {
        synthetic: true,
        about:
          "Synthetic demo corpus written by `deno task demo-data`: source-filter speech-like signals, not recordings of people.",
        generator: "lib/data/demo_corpus.ts",
        version: DEMO_CORPUS_VERSION,
        seed,
        files: clips.map((c) => c.path),
      },
      null,
      1,
    ),
  );
  return { root, clips: clips.length, seconds: (performance.now() - t0) / 1000, byCorpus };
}
