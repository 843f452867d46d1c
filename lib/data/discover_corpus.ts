import { join } from "node:path";
import { parseCsv } from "../io/csv.ts";
import { parseCremaD } from "./corpora/crema_d.ts";
import { parseEmoDb } from "./corpora/emodb.ts";
import { parseRavdess } from "./corpora/ravdess.ts";
import { parseSavee } from "./corpora/savee.ts";
import { parseTess } from "./corpora/tess.ts";
import type { ParseResult } from "./corpora/_types.ts";
import type { CorpusName, Emotion, Gender } from "./emotions.ts";
import { listAudioFiles, relativePosix } from "./list_audio_files.ts";
import { sha256Hex } from "./feature_cache.ts";
import { detectContainer } from "../audio/detect_container.ts";

/** One labelled clip. */
export interface ManifestEntry {
  /** Path relative to the corpus root, with forward slashes. */
  path: string;
  corpus: CorpusName;
  speaker: string;
  gender: Gender;
  emotion: Emotion;
  /** True for clips of the generated demo corpus. */
  synthetic: boolean;
  /** SHA-256 of the file's bytes (hex). */
  sha256: string;
  /** The container detected from the file's first bytes (`WAV`, `FLAC`, `MP3`, `MP4/M4A`, …), whatever its name. */
  container: string;
  /** The decoder that container goes to (`wav`, `libsndfile`, `ffmpeg`), or `probe` when the bytes name none. */
  decoder: string;
  /** The earlier clip with identical bytes, if any. */
  duplicateOf: string | null;
  /** Corpus fields: intensity, statement, sentence, level, word, … */
  fields: Record<string, string>;
  /** Tolerated quirks. */
  warnings: string[];
}

/** A file under the root that is not in the manifest, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** The result of {@linkcode discoverCorpus}. */
export interface Discovery {
  /** The corpus root as given. */
  root: string;
  entries: ManifestEntry[];
  skipped: SkippedFile[];
  /** True when any clip comes from the generated demo corpus (listed in its `SYNTHETIC.json` marker). */
  synthetic: boolean;
}

/** Options for {@linkcode discoverCorpus}. */
export interface DiscoverCorpusOptions {
  /** Keep EMO-DB's boredom clips (a ninth class outside the seed's eight). Default false. */
  includeBoredom?: boolean;
  /** Called with (files examined, total) while hashing, for a progress bar on large corpora. */
  onProgress?: (done: number, total: number) => void;
}

/** The name of the marker file the demo corpus writes at its root. */
export const SYNTHETIC_MARKER = "SYNTHETIC.json";

const BY_PATH: [RegExp, CorpusName][] = [
  [/ravdess/i, "RAVDESS"],
  [/crema/i, "CREMA-D"],
  [/savee/i, "SAVEE"],
  [/emo[-_ ]?db|berlin/i, "EMO-DB"],
  [/tess/i, "TESS"],
];

/** The CSV columns of the manifest, in order. */
export const MANIFEST_COLUMNS = [
  "path",
  "corpus",
  "speaker",
  "gender",
  "emotion",
  "synthetic",
  "sha256",
  "container",
  "decoder",
  "duplicate_of",
  "modality",
  "vocal_channel",
  "intensity",
  "statement",
  "repetition",
  "actor",
  "sentence",
  "level",
  "word",
  "index",
  "text",
  "version",
  "warnings",
] as const;

/** A manifest entry as a CSV record with {@linkcode MANIFEST_COLUMNS}. */
export function manifestRecord(e: ManifestEntry): Record<string, string | boolean> {
  return {
    ...e.fields,
    path: e.path,
    corpus: e.corpus,
    speaker: e.speaker,
    gender: e.gender,
    emotion: e.emotion,
    synthetic: e.synthetic,
    sha256: e.sha256,
    container: e.container,
    decoder: e.decoder,
    duplicate_of: e.duplicateOf ?? "",
    warnings: e.warnings.join("; "),
  };
}

/** The container and decoder of a file, from its first bytes. */
function containerOf(bytes: Uint8Array): { container: string; decoder: string } {
  const c = detectContainer(bytes.subarray(0, 64));
  return { container: c.name, decoder: c.decoder ?? "probe" };
}

/** Read CREMA-D's `VideoDemographics.csv` (ActorID, Sex) when it is anywhere under the root. */
async function cremaGenders(others: string[]): Promise<Map<string, Gender> | undefined> {
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
 * Find and label every clip of RAVDESS, CREMA-D, TESS, SAVEE and EMO-DB under a folder, in the Kaggle bundle's layout
 * or each corpus's official one.
 *
 * The corpus is taken from a folder name (case-insensitive: ravdess, crema, tess, savee, emodb/emo-db/berlin), or,
 * when no folder names one, from the single corpus whose file-name pattern matches. A name that does not parse is
 * never guessed: it goes to `skipped` with the reason. Every file under the root (audio or not) ends up in exactly
 * one of `entries` and `skipped`. Byte-identical files are kept and marked with `duplicateOf`. Clips listed in a
 * `SYNTHETIC.json` marker at the root (written by the demo corpus) are marked `synthetic`.
 *
 * @param root The corpus folder, e.g. `dataset/`.
 * @returns Entries sorted by path, skipped files, and whether the root is the synthetic demo corpus.
 * @throws {Deno.errors.NotFound} If `root` does not exist.
 * @example
 * const { entries, skipped } = await discoverCorpus("dataset");
 */
export async function discoverCorpus(root: string, options: DiscoverCorpusOptions = {}): Promise<Discovery> {
  await Deno.stat(root);
  const { files, others } = await listAudioFiles([root]);
  const marker = others.find((p) => relativePosix(root, p) === SYNTHETIC_MARKER);
  let syntheticFiles: Set<string> | "all" | null = null;
  if (marker) {
    try {
      const files = JSON.parse(await Deno.readTextFile(marker)).files;
      syntheticFiles = Array.isArray(files) ? new Set(files) : "all";
    } catch {
      syntheticFiles = "all";
    }
  }
  const isSynthetic = (rel: string) => syntheticFiles === "all" || (syntheticFiles?.has(rel) ?? false);
  const genders = await cremaGenders(others);
  const parsers: Record<CorpusName, (rel: string) => ParseResult> = {
    "RAVDESS": parseRavdess,
    "CREMA-D": (rel) => parseCremaD(rel, genders),
    "TESS": parseTess,
    "SAVEE": parseSavee,
    "EMO-DB": (rel) => parseEmoDb(rel, options),
  };
  const entries: ManifestEntry[] = [];
  const skipped: SkippedFile[] = others.map((p) => ({
    path: relativePosix(root, p),
    reason: "not an audio file (by extension)",
  }));
  const seen = new Map<string, string>();
  let done = 0;
  for (const file of files) {
    options.onProgress?.(++done, files.length);
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
            ? "no corpus recognised: no folder names RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB, and the file name matches none of their patterns"
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
    const bytes = await Deno.readFile(join(file));
    const sha256 = await sha256Hex(bytes);
    const duplicateOf = seen.get(sha256) ?? null;
    if (!duplicateOf) seen.set(sha256, rel);
    else warnings.push(`byte-identical to ${duplicateOf}`);
    entries.push({
      ...result.clip,
      path: rel,
      synthetic: isSynthetic(rel),
      sha256,
      ...containerOf(bytes),
      duplicateOf,
      warnings: [...result.clip.warnings, ...warnings],
    });
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, entries, skipped, synthetic: entries.some((e) => e.synthetic) };
}

/**
 * The emotion a file's name (and folders) encode, when exactly one corpus's naming scheme accepts it; otherwise null.
 * Used to show the true label next to a prediction. Boredom counts (EMO-DB) so that its files are not mislabelled.
 *
 * @example
 * labelFromFileName("some/where/DC_sa03.wav"); // "sad"
 * labelFromFileName("my_recording.wav"); // null
 */
export function labelFromFileName(path: string): Emotion | null {
  const rel = path.split(/[\\/]/).slice(-3).join("/");
  const results = [
    parseRavdess(rel),
    parseCremaD(rel),
    parseTess(rel),
    parseSavee(rel),
    parseEmoDb(rel, { includeBoredom: true }),
  ].filter((r) => r.ok);
  const labels = new Set(results.map((r) => (r.ok ? r.clip.emotion : null)));
  return labels.size === 1 ? [...labels][0] : null;
}
