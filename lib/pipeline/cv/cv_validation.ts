/**
 * Which training speakers of a cross-validation fold are held out for early stopping.
 *
 * @module
 */
import { rngFor } from "../../random.ts";

/** Fewest training speakers of the tested corpus from which two are held out to validate on. */
export const MIN_SPEAKERS_TO_VALIDATE = 8;

/**
 * Two validation speakers for a fold, from the tested corpus's training speakers, one per gender when possible
 * (seeded); none when that corpus has fewer than {@linkcode MIN_SPEAKERS_TO_VALIDATE} training speakers, so a small
 * corpus keeps every speaker for training (and trains for a fixed number of epochs).
 *
 * @example
 * pickValidation(rows, trainRows, "RAVDESS", 42, 0); // e.g. ["ravdess_07", "ravdess_12"]
 */
export function pickValidation(
  rows: readonly { corpus: string; speaker: string; gender: string }[],
  trainRows: readonly number[],
  testCorpus: string,
  seed: number,
  fold: number,
): string[] {
  const candidates = [...new Set(trainRows.filter((r) => rows[r].corpus === testCorpus).map((r) => rows[r].speaker))]
    .sort();
  if (candidates.length < MIN_SPEAKERS_TO_VALIDATE) return [];
  const rng = rngFor(seed, `cv-val:${fold}`);
  const genderOf = new Map(trainRows.map((r) => [rows[r].speaker, rows[r].gender]));
  const shuffled = candidates.map((s) => [rng(), s] as const).sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  const out: string[] = [];
  for (const g of ["male", "female"]) {
    const s = shuffled.find((x) => genderOf.get(x) === g && !out.includes(x));
    if (s) out.push(s);
  }
  for (const s of shuffled) if (out.length < 2 && !out.includes(s)) out.push(s);
  return out.slice(0, 2);
}
