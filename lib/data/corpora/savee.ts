import type { Emotion } from "../emotions.ts";
import { type ParseResult, reject, splitPath } from "./_types.ts";

const SPEAKERS = ["DC", "JE", "JK", "KL"];
const CODES: [string, Emotion][] = [
  ["sa", "sad"],
  ["su", "surprise"],
  ["a", "angry"],
  ["d", "disgust"],
  ["f", "fear"],
  ["h", "happy"],
  ["n", "neutral"],
];

/**
 * Label a SAVEE file: the Kaggle name `DC_a01.wav` or the official `AudioData/DC/a01.wav`. Speakers DC, JE, JK, KL
 * (all male); the code is checked for `sa` (sad) and `su` (surprise) before the one-letter codes a, d, f, h, n,
 * and is followed by a two-digit index.
 *
 * @param relPath Path relative to the corpus root.
 * @example
 * parseSavee("DC_sa01.wav"); // ok: sad, speaker DC
 * parseSavee("AudioData/KL/su12.wav"); // ok: surprise, speaker KL
 */
export function parseSavee(relPath: string): ParseResult {
  const { dirs, stem } = splitPath(relPath);
  let speaker: string, code: string;
  const kaggle = /^([A-Za-z]{2})_([A-Za-z]+\d+)$/.exec(stem);
  if (kaggle) {
    speaker = kaggle[1].toUpperCase();
    code = kaggle[2];
  } else if (/^[A-Za-z]+\d+$/.test(stem) && dirs.length > 0) {
    speaker = dirs[dirs.length - 1].toUpperCase();
    code = stem;
  } else {
    return reject(`SAVEE name is neither SPK_codeNN (Kaggle) nor SPK/codeNN (official): "${stem}"`);
  }
  if (!SPEAKERS.includes(speaker)) return reject(`SAVEE speaker "${speaker}" is not DC, JE, JK or KL: "${stem}"`);
  const m = /^([a-z]+)(\d{2})$/i.exec(code);
  if (!m) return reject(`SAVEE code "${code}" is not letters plus a two-digit index: "${stem}"`);
  const letters = m[1].toLowerCase();
  const hit = CODES.find(([c]) => letters === c);
  if (!hit) return reject(`SAVEE emotion code "${m[1]}" is not a, d, f, h, n, sa or su: "${stem}"`);
  return {
    ok: true,
    clip: {
      corpus: "SAVEE",
      speaker: `savee_${speaker}`,
      gender: "male",
      emotion: hit[1],
      fields: { index: m[2] },
      warnings: [],
    },
  };
}
