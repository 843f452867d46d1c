import type { Emotion } from "../emotions.ts";
import { type ParseResult, reject, splitPath } from "./_types.ts";

const EMOTIONS: Record<string, Emotion> = {
  "01": "neutral",
  "02": "calm",
  "03": "happy",
  "04": "sad",
  "05": "angry",
  "06": "fear",
  "07": "disgust",
  "08": "surprise",
};

/**
 * Label a RAVDESS file, `MM-VV-EE-II-SS-RR-AA.wav`: modality, vocal channel (01 speech, 02 song), emotion
 * (01 neutral, 02 calm, 03 happy, 04 sad, 05 angry, 06 fear, 07 disgust, 08 surprise), intensity (01 normal,
 * 02 strong), statement, repetition, actor 01–24 (odd actors are male). Found in `Actor_XX/` folders.
 *
 * When the actor field is malformed but the folder is `Actor_XX`, the folder's actor is used and a warning
 * recorded. A name that does not parse otherwise is rejected, never guessed.
 *
 * @param relPath Path relative to the corpus root (any separators).
 * @example
 * parseRavdess("Actor_01/03-01-05-01-02-01-01.wav"); // ok: angry, actor 01, male
 */
export function parseRavdess(relPath: string): ParseResult {
  const { dirs, stem } = splitPath(relPath);
  const f = stem.split("-");
  if (f.length !== 7) return reject(`RAVDESS name needs 7 dash-separated fields (MM-VV-EE-II-SS-RR-AA): "${stem}"`);
  const [modality, channel, emo, intensity, statement, repetition] = f;
  let actor = f[6];
  for (
    const [name, v, ok] of [
      ["modality", modality, ["01", "02", "03"]],
      ["vocal channel", channel, ["01", "02"]],
      ["intensity", intensity, ["01", "02"]],
      ["statement", statement, ["01", "02"]],
      ["repetition", repetition, ["01", "02"]],
    ] as const
  ) {
    if (!(ok as readonly string[]).includes(v)) {
      return reject(`RAVDESS ${name} field "${v}" is not one of ${ok.join(", ")}: "${stem}"`);
    }
  }
  const emotion = EMOTIONS[emo];
  if (!emotion) return reject(`RAVDESS emotion code "${emo}" is not 01–08: "${stem}"`);
  const warnings: string[] = [];
  const folder = dirs.map((d) => /^actor_(\d{2})$/i.exec(d)?.[1]).filter((x) => x !== undefined).pop();
  const valid = (a: string) => /^\d{2}$/.test(a) && Number(a) >= 1 && Number(a) <= 24;
  if (!valid(actor)) {
    if (folder && valid(folder)) {
      warnings.push(`actor field "${actor}" is malformed; took actor ${folder} from the folder Actor_${folder}`);
      actor = folder;
    } else {
      return reject(`RAVDESS actor field "${actor}" is not 01–24 and no Actor_XX folder names the actor: "${stem}"`);
    }
  } else if (folder && folder !== actor) {
    warnings.push(`actor field ${actor} disagrees with folder Actor_${folder}; kept the file name's actor`);
  }
  return {
    ok: true,
    clip: {
      corpus: "RAVDESS",
      speaker: `ravdess_${actor}`,
      gender: Number(actor) % 2 === 1 ? "male" : "female",
      emotion,
      fields: {
        modality,
        vocal_channel: channel === "01" ? "speech" : "song",
        intensity: intensity === "01" ? "normal" : "strong",
        statement,
        repetition,
        actor,
      },
      warnings,
    },
  };
}
