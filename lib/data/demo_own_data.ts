/**
 * A stand-in for your own data: a small SYNTHETIC labelled corpus in the layouts people bring recordings in
 * (`metadata.csv` or a folder per label), with any label set. Not the demo corpus (`demo_corpus.ts`, the named
 * corpora's layouts, which training falls back to).
 *
 * @module
 */
import { join } from "node:path";
import { encodeWav } from "../audio/encode_wav.ts";
import { toCsv } from "../io/csv.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { voiceOf } from "./demo_corpus.ts";
import { SYNTHETIC_MARKER } from "./discover_corpus.ts";
import type { Emotion } from "./emotions.ts";
import { normaliseLabel } from "./label_set.ts";
import { EMOTION_PROSODY, synthesizeSpeech } from "./synthesize_speech.ts";
import { hashString, rngFor, uniform } from "../random.ts";

/** Options for {@linkcode writeDemoOwnData}. */
export interface DemoOwnDataOptions {
  /** `"metadata"`: clips in `audio/` with a `metadata.csv`; `"folders"`: one folder per label. Default `"metadata"`. */
  layout?: "metadata" | "folders";
  /** Class labels, as written in the data (any case). Default `["angry", "happy", "sad"]`. */
  classes?: readonly string[];
  /** Clips per class and speaker. Default 4. */
  clipsPerClass?: number;
  /** Number of speakers (alternating male/female). Default 4. */
  speakers?: number;
  /** Sampling rate in Hz. Default 16000. */
  sampleRate?: number;
  /** Write a `split` column: the last speaker is test, the one before validation. Default false. */
  splitColumn?: boolean;
  /** Seed. Default 42. */
  seed?: number;
}

/** The prosody a label is spoken with: its own when it names one of the synthesiser's emotions, else one by hash. */
function prosodyFor(label: string): Emotion {
  const known = Object.keys(EMOTION_PROSODY) as Emotion[];
  const l = normaliseLabel(label) as Emotion;
  return known.includes(l) ? l : known[hashString(l) % known.length];
}

/**
 * Write a small SYNTHETIC labelled dataset in one of the layouts people bring their own recordings in, for trying
 * (and testing) custom label sets: `metadata.csv` (`file_name,label,speaker,gender[,split]`, the `audiofolder`
 * convention) or folder-per-label. Clips are the demo corpus's speech-like signals (1.5–3 s), marked synthetic.
 *
 * @param root Destination folder (created).
 * @returns The relative paths written.
 * @example
 * await writeDemoOwnData("my-data", { layout: "metadata", classes: ["angry", "calm", "excited"] });
 */
export async function writeDemoOwnData(root: string, options: DemoOwnDataOptions = {}): Promise<string[]> {
  const { layout = "metadata", classes = ["angry", "happy", "sad"], clipsPerClass = 4, speakers = 4 } = options;
  const { sampleRate = 16000, seed = 42, splitColumn = false } = options;
  const files: string[] = [];
  const rows: (string | number)[][] = [];
  for (let s = 0; s < speakers; s++) {
    const speaker = `spk${s + 1}`, gender = s % 2 ? "female" : "male";
    const voice = voiceOf(seed, `custom:${speaker}`, gender);
    for (const label of classes) {
      for (let k = 0; k < clipsPerClass; k++) {
        const name = `${speaker}_${normaliseLabel(label).replace(/\W+/g, "-")}_${k + 1}.wav`;
        const rel = layout === "folders" ? `${label}/${name}` : `audio/${name}`;
        const rng = rngFor(seed, rel);
        const y = synthesizeSpeech(prosodyFor(label), voice, rng, { sampleRate, duration: uniform(rng, 1.5, 3) });
        await writeFileAtomic(join(root, rel), encodeWav(y, sampleRate));
        files.push(rel);
        const split = s === speakers - 1 ? "test" : s === speakers - 2 ? "validation" : "train";
        rows.push([rel, label, speaker, gender, ...(splitColumn ? [split] : [])]);
      }
    }
  }
  if (layout === "metadata") {
    await writeFileAtomic(
      join(root, "metadata.csv"),
      toCsv(["file_name", "label", "speaker", "gender", ...(splitColumn ? ["split"] : [])], rows),
    );
  }
  await writeFileAtomic(
    join(root, SYNTHETIC_MARKER),
    JSON.stringify({ synthetic: true, generator: "lib/data/demo_own_data.ts", seed, files }, null, 1),
  );
  return files;
}

/** The former name of {@linkcode writeDemoOwnData}, still exported. @deprecated Use `writeDemoOwnData`. */
export const writeDemoDataset = writeDemoOwnData;
