import type { Emotion, Gender } from "../emotions.ts";
import { type ParseResult, reject, splitPath } from "./_types.ts";

const EMOTIONS: Record<string, Emotion> = {
  ANG: "angry",
  DIS: "disgust",
  FEA: "fear",
  HAP: "happy",
  NEU: "neutral",
  SAD: "sad",
};
const SENTENCES = ["IEO", "TIE", "IOM", "IWW", "TAI", "MTI", "IWL", "ITH", "DFA", "ITS", "TSI", "WSI"];
const LEVELS: Record<string, string> = { LO: "low", MD: "medium", HI: "high", XX: "unspecified", X: "unspecified" };

/**
 * Label a CREMA-D file, `AAAA_SSS_EEE_LL.wav`: actor 1001–1091, one of the 12 sentence codes, emotion (ANG, DIS, FEA,
 * HAP, NEU, SAD) and level (LO, MD, HI, XX). Flat or under `AudioWAV/`.
 *
 * The file names carry no gender. When the corpus's `VideoDemographics.csv` is available, pass its actor → sex
 * map as `genders`; otherwise gender is `"unknown"`.
 *
 * @param relPath Path relative to the corpus root.
 * @param genders Optional actor id → gender map.
 * @example
 * parseCremaD("AudioWAV/1001_DFA_ANG_XX.wav"); // ok: angry, actor 1001
 */
export function parseCremaD(relPath: string, genders?: ReadonlyMap<string, Gender>): ParseResult {
  const { stem } = splitPath(relPath);
  const f = stem.split("_");
  if (f.length !== 4) return reject(`CREMA-D name needs 4 underscore-separated fields (AAAA_SSS_EEE_LL): "${stem}"`);
  const [actor, sentence, emo, level] = f.map((x) => x.toUpperCase());
  if (!/^\d{4}$/.test(actor) || Number(actor) < 1001 || Number(actor) > 1091) {
    return reject(`CREMA-D actor "${f[0]}" is not 1001–1091: "${stem}"`);
  }
  if (!SENTENCES.includes(sentence)) {
    return reject(`CREMA-D sentence code "${f[1]}" is not one of the 12 sentences: "${stem}"`);
  }
  const emotion = EMOTIONS[emo];
  if (!emotion) return reject(`CREMA-D emotion code "${f[2]}" is not ANG, DIS, FEA, HAP, NEU or SAD: "${stem}"`);
  if (!(level in LEVELS)) return reject(`CREMA-D level "${f[3]}" is not LO, MD, HI or XX: "${stem}"`);
  return {
    ok: true,
    clip: {
      corpus: "CREMA-D",
      speaker: `crema_${actor}`,
      gender: genders?.get(actor) ?? "unknown",
      emotion,
      fields: { actor, sentence, level: LEVELS[level] },
      warnings: [],
    },
  };
}
