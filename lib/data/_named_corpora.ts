/**
 * Private: label files of the five named corpora (RAVDESS, CREMA-D, TESS, SAVEE, EMO-DB) by folder and file name.
 *
 * @module
 */
import { parseCsv } from "../io/csv.ts";
import { parseCremaD } from "./corpora/crema_d.ts";
import { parseEmoDb } from "./corpora/emodb.ts";
import { parseRavdess } from "./corpora/ravdess.ts";
import { parseSavee } from "./corpora/savee.ts";
import { parseTess } from "./corpora/tess.ts";
import type { ParseResult } from "./corpora/_types.ts";
import type { CorpusName, Gender } from "./emotions.ts";
import type { Labelled, SkippedFile } from "./_labelled.ts";
import { relativePosix } from "./list_audio_files.ts";

const BY_PATH: [RegExp, CorpusName][] = [
  [/ravdess/i, "RAVDESS"],
  [/crema/i, "CREMA-D"],
  [/savee/i, "SAVEE"],
  [/emo[-_ ]?db|berlin/i, "EMO-DB"],
  [/tess/i, "TESS"],
];

/** Read CREMA-D's `VideoDemographics.csv` (ActorID, Sex) when it is anywhere under the root. */
async function cremaGenders(others: readonly string[]): Promise<Map<string, Gender> | undefined> {
  const file = others.find((p) => /videodemographics\.csv$/i.test(p));
  if (!file) return undefined;
  const map = new Map<string, Gender>();
  for (const r of parseCsv(await Deno.readTextFile(file))) {
    const sex = (r.Sex ?? r.sex ?? "").toLowerCase();
    if (r.ActorID) map.set(r.ActorID.trim(), sex === "male" ? "male" : sex === "female" ? "female" : "unknown");
  }
  return map;
}

/**
 * Label files of the named corpora: the corpus comes from a folder name (case-insensitive) or, when no folder names
 * one, from the single corpus whose file-name pattern matches. A name that does not parse is never guessed.
 */
export async function labelNamedCorpora(
  root: string,
  files: readonly string[],
  others: readonly string[],
  options: { includeBoredom?: boolean } = {},
): Promise<{ labelled: Labelled[]; skipped: SkippedFile[] }> {
  const genders = await cremaGenders(others);
  const parsers: Record<CorpusName, (rel: string) => ParseResult> = {
    "RAVDESS": parseRavdess,
    "CREMA-D": (rel) => parseCremaD(rel, genders),
    "TESS": parseTess,
    "SAVEE": parseSavee,
    "EMO-DB": (rel) => parseEmoDb(rel, options),
  };
  const labelled: Labelled[] = [], skipped: SkippedFile[] = [];
  for (const file of files) {
    const rel = relativePosix(root, file);
    const dirs = rel.split("/").slice(0, -1);
    const byPath = BY_PATH.find(([re]) => dirs.some((d) => re.test(d)))?.[1];
    let result: ParseResult;
    const warnings: string[] = [];
    if (byPath) {
      result = parsers[byPath](rel);
    } else {
      const hits = (Object.keys(parsers) as CorpusName[]).map((c) => [c, parsers[c](rel)] as const).filter(([, r]) =>
        r.ok
      );
      if (hits.length === 1) {
        result = hits[0][1];
        warnings.push(`no folder names the corpus; recognised ${hits[0][0]} from the file name`);
      } else {
        result = {
          ok: false,
          reason: hits.length === 0
            ? "no corpus recognised: no folder names RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB, the file name matches none of their patterns, and no metadata.csv lists it"
            : `ambiguous: the file name matches ${
              hits.map(([c]) => c).join(" and ")
            }; put it under a folder named after its corpus`,
        };
      }
    }
    if (!result.ok) {
      skipped.push({ path: rel, reason: result.reason });
      continue;
    }
    const c = result.clip;
    labelled.push({
      file,
      rel,
      corpus: c.corpus,
      speaker: c.speaker,
      gender: c.gender,
      label: c.emotion,
      split: null,
      source: "corpus",
      fields: c.fields,
      warnings: [...c.warnings, ...warnings],
    });
  }
  return { labelled, skipped };
}
