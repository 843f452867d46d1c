import type { Emotion, Gender } from "../emotions.ts";
import { type ParseResult, reject, splitPath } from "./_types.ts";

const EMOTIONS: Record<string, Emotion> = {
  W: "angry",
  L: "boredom",
  E: "disgust",
  A: "fear",
  F: "happy",
  T: "sad",
  N: "neutral",
};
/** EMO-DB's ten speakers and their sex, from the corpus documentation. */
const SPEAKERS: Record<string, Gender> = {
  "03": "male",
  "08": "female",
  "09": "female",
  "10": "male",
  "11": "male",
  "12": "male",
  "13": "female",
  "14": "female",
  "15": "male",
  "16": "female",
};

/**
 * Label an EMO-DB (Berlin) file, `03a01Fa.wav`: speaker (2 digits), text code (letter + 2 digits), emotion letter
 * (W anger, L boredom, E disgust, A fear, F happiness, T sadness, N neutral) and version letter. Boredom is not one
 * of the seed's classes: it is rejected unless `includeBoredom` is set.
 *
 * @param relPath Path relative to the corpus root.
 * @example
 * parseEmoDb("wav/03a01Fa.wav"); // ok: happy, speaker 03, male
 */
export function parseEmoDb(relPath: string, options: { includeBoredom?: boolean } = {}): ParseResult {
  const { stem } = splitPath(relPath);
  const m = /^(\d{2})([a-z]\d{2})([A-Z])([a-z])$/.exec(stem);
  if (!m) return reject(`EMO-DB name is not SStttEv (e.g. 03a01Fa): "${stem}"`);
  const [, speaker, text, emo, version] = m;
  const gender = SPEAKERS[speaker];
  if (!gender) return reject(`EMO-DB speaker "${speaker}" is not one of the ten (03, 08–16): "${stem}"`);
  const emotion = EMOTIONS[emo];
  if (!emotion) return reject(`EMO-DB emotion letter "${emo}" is not W, L, E, A, F, T or N: "${stem}"`);
  if (emotion === "boredom" && !options.includeBoredom) {
    return reject(`EMO-DB boredom (L) is outside the seed's 8 classes; pass includeBoredom to keep it: "${stem}"`);
  }
  return {
    ok: true,
    clip: { corpus: "EMO-DB", speaker: `emodb_${speaker}`, gender, emotion, fields: { text, version }, warnings: [] },
  };
}
