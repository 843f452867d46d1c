import type { Emotion } from "../emotions.ts";
import { type ParseResult, reject, splitPath } from "./_types.ts";

const EMOTIONS: Record<string, Emotion> = {
  angry: "angry",
  disgust: "disgust",
  fear: "fear",
  happy: "happy",
  neutral: "neutral",
  ps: "surprise",
  sad: "sad",
};

/**
 * Label a TESS file, `SPK_word_emotion.wav`, speaker OAF or YAF (both female), emotion angry, disgust, fear, happy,
 * neutral, ps (pleasant surprise) or sad. The label comes from the file name, not the folder, because the folder
 * names vary in case and spelling (`OAF_Fear`, `YAF_pleasant_surprised`).
 *
 * When the speaker field is malformed (TESS ships some files as `OA_…`) but a folder starts with OAF or YAF, the
 * folder's speaker is used and a warning recorded.
 *
 * @param relPath Path relative to the corpus root.
 * @example
 * parseTess("OAF_angry/OAF_back_angry.wav"); // ok: angry, speaker OAF
 */
export function parseTess(relPath: string): ParseResult {
  const { dirs, stem } = splitPath(relPath);
  const f = stem.split("_");
  if (f.length < 3) return reject(`TESS name needs SPK_word_emotion: "${stem}"`);
  const emo = f[f.length - 1].toLowerCase();
  const emotion = EMOTIONS[emo];
  if (!emotion) {
    return reject(
      `TESS emotion "${f[f.length - 1]}" is not angry, disgust, fear, happy, neutral, ps or sad: "${stem}"`,
    );
  }
  const word = f.slice(1, -1).join("_");
  let speaker = f[0].toUpperCase();
  const warnings: string[] = [];
  if (speaker !== "OAF" && speaker !== "YAF") {
    const folder = dirs.map((d) => /^(OAF|YAF)(_|$)/i.exec(d)?.[1]?.toUpperCase()).filter((x) => x !== undefined).pop();
    if (!folder) return reject(`TESS speaker "${f[0]}" is not OAF or YAF and no folder names the speaker: "${stem}"`);
    warnings.push(`speaker field "${f[0]}" is malformed; took speaker ${folder} from the folder`);
    speaker = folder;
  }
  return {
    ok: true,
    clip: { corpus: "TESS", speaker: `tess_${speaker}`, gender: "female", emotion, fields: { word }, warnings },
  };
}
