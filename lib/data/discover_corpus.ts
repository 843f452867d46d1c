import { parseCremaD } from "./corpora/crema_d.ts";
import { parseEmoDb } from "./corpora/emodb.ts";
import { parseRavdess } from "./corpora/ravdess.ts";
import { parseSavee } from "./corpora/savee.ts";
import { parseTess } from "./corpora/tess.ts";
import type { Emotion, Gender } from "./emotions.ts";
import { applyLabelSet, type LabelSetOptions } from "./label_set.ts";
import { listAudioFiles, relativePosix } from "./list_audio_files.ts";
import { isMetadataFile } from "./metadata_manifest.ts";
import type { SplitName } from "./split.ts";
import { type FileHash, hashFiles } from "./_hash_files.ts";
import { labelFromFolders } from "./_folder_layout.ts";
import type { Labelled, LabelSource, SkippedFile } from "./_labelled.ts";

export type { SkippedFile } from "./_labelled.ts";
import { labelFromMetadata } from "./_metadata_layout.ts";
import { labelNamedCorpora } from "./_named_corpora.ts";

/** One labelled clip. */
export interface ManifestEntry {
  /** Path relative to the corpus root, with forward slashes. */
  path: string;
  /** `RAVDESS`, `CREMA-D`, `TESS`, `SAVEE`, `EMO-DB`, or a custom dataset's name (its metadata folder, or `custom`). */
  corpus: string;
  /** Speaker id, unique across corpora (`ravdess_01`, `calls/agent7`), or `""` when the data does not say. */
  speaker: string;
  gender: Gender;
  /** The class: the label after case-folding, merging and filtering (see {@linkcode LabelSetOptions}). */
  emotion: string;
  /** Where the label came from: a named corpus's file names, a metadata manifest, or the folder layout. */
  source: LabelSource;
  /** The split the data assigns (a metadata `split` column), or null to use `--split`. */
  split: SplitName | null;
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
  /** Corpus fields (intensity, statement, sentence, …), a metadata file's extra columns, and `label_raw` when mapped. */
  fields: Record<string, string>;
  /** Tolerated quirks. */
  warnings: string[];
}

/** The result of {@linkcode discoverCorpus}. */
export interface Discovery {
  /** The corpus root as given. */
  root: string;
  entries: ManifestEntry[];
  skipped: SkippedFile[];
  /** True when any clip comes from the generated demo corpus (listed in its `SYNTHETIC.json` marker). */
  synthetic: boolean;
  /** The metadata manifests that labelled clips, relative to the root. */
  manifests: string[];
  /** The layout that was applied. */
  layout: "auto" | "folders";
  /** The label mapping applied (merge, then the `labels` filter). */
  labelSet: { merge: Record<string, string>; labels: string[] | null };
  /** Seconds spent hashing, and how many hashes came from the cache. */
  hashing: { seconds: number; cached: number };
}

/** Options for {@linkcode discoverCorpus}. */
export interface DiscoverCorpusOptions extends LabelSetOptions {
  /**
   * `"auto"` (default): `metadata.csv`/`metadata.jsonl` manifests label the files in their folders, and the named
   * corpora are recognised everywhere else. `"folders"`: every audio file is labelled by the folder it sits in
   * (folder-per-label, opt-in so that a corpus tree is never misread as one).
   */
  layout?: "auto" | "folders";
  /**
   * A regular expression on the relative path whose `speaker` group (or first group, or whole match) gives the speaker
   * of clips whose source names none. Default: none (speaker unknown).
   */
  speakerPattern?: RegExp | string;
  /** Keep EMO-DB's boredom clips (a ninth class outside the seed's eight). Default false. */
  includeBoredom?: boolean;
  /** Cache of file hashes by path, size and mtime (a JSON file), so re-runs read nothing. Default: none. */
  hashCache?: string | null;
  /** Called with (files hashed, total) while hashing, for a progress bar on large corpora. */
  onProgress?: (done: number, total: number) => void;
}

/** The name of the marker file the demo corpus writes at its root. */
export const SYNTHETIC_MARKER = "SYNTHETIC.json";

/** The CSV columns of the manifest, in order (a metadata file's extra columns follow). */
export const MANIFEST_COLUMNS = [
  "path",
  "corpus",
  "speaker",
  "gender",
  "emotion",
  "label_raw",
  "source",
  "split",
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
  "manifest",
  "warnings",
] as const;

/** A manifest entry as a CSV record with {@linkcode MANIFEST_COLUMNS} (and any extra metadata columns). */
export function manifestRecord(e: ManifestEntry): Record<string, string | boolean> {
  return {
    ...e.fields,
    path: e.path,
    corpus: e.corpus,
    speaker: e.speaker,
    gender: e.gender,
    emotion: e.emotion,
    source: e.source,
    split: e.split ?? "",
    synthetic: e.synthetic,
    sha256: e.sha256,
    container: e.container,
    decoder: e.decoder,
    duplicate_of: e.duplicateOf ?? "",
    warnings: e.warnings.join("; "),
  };
}

/** The speaker a `--speaker-pattern` finds in a path, or null. */
function speakerFromPath(pattern: RegExp, rel: string): string | null {
  const m = pattern.exec(rel);
  if (!m) return null;
  return m.groups?.speaker ?? m[1] ?? m[0];
}

async function syntheticMarker(root: string, others: readonly string[]): Promise<(rel: string) => boolean> {
  const marker = others.find((p) => relativePosix(root, p) === SYNTHETIC_MARKER);
  if (!marker) return () => false;
  try {
    const files = JSON.parse(await Deno.readTextFile(marker)).files;
    if (!Array.isArray(files)) return () => true;
    const set = new Set(files);
    return (rel) => set.has(rel);
  } catch {
    return () => true;
  }
}

/**
 * Find and label every clip under a folder:
 * - `metadata.csv`/`metadata.jsonl` manifests (`file_name,label[,speaker,gender,split,…]`, Hugging Face's
 *   `audiofolder` convention) label the files in their folders;
 * - RAVDESS, CREMA-D, TESS, SAVEE and EMO-DB are recognised elsewhere from folder and file names, in the Kaggle
 *   bundle's layout or each corpus's official one (a name that does not parse is never guessed);
 * - with `layout: "folders"`, every audio file is labelled by its folder instead.
 *
 * Labels are then case-folded, merged and filtered ({@linkcode LabelSetOptions}). Every file under the root (audio or
 * not) ends up in exactly one of `entries` and `skipped` (a manifest row naming a missing file is skipped under the
 * path it names). Byte-identical files are kept and marked with `duplicateOf`. Clips listed in a `SYNTHETIC.json`
 * marker at the root (written by the demo corpus) are marked `synthetic`.
 *
 * @param root The data folder, e.g. `dataset/`.
 * @returns Entries sorted by path, skipped files, and what was applied.
 * @throws {Deno.errors.NotFound} If `root` does not exist.
 * @throws {MetadataError} If a manifest is malformed (naming its line) or lacks `file_name`/`label`.
 * @throws {SyntaxError} If `speakerPattern` is not a valid regular expression.
 * @example
 * const { entries, skipped } = await discoverCorpus("dataset", { merge: { calm: "neutral" } });
 */
export async function discoverCorpus(root: string, options: DiscoverCorpusOptions = {}): Promise<Discovery> {
  await Deno.stat(root);
  const layout = options.layout ?? "auto";
  const pattern = typeof options.speakerPattern === "string"
    ? new RegExp(options.speakerPattern)
    : options.speakerPattern ?? null;
  const { files, others } = await listAudioFiles([root]);
  const isSynthetic = await syntheticMarker(root, others);
  const { labelled, skipped, manifests } = await labelByLayout(root, files, others, layout, options);
  const kept = applyLabelRules(labelled, pattern, options, skipped);
  const t0 = performance.now();
  const { hashes, cached } = await hashFiles(kept.map((l) => l.file), {
    cacheFile: options.hashCache,
    onProgress: options.onProgress,
  });
  const seconds = (performance.now() - t0) / 1000;
  const entries = manifestEntries(kept, hashes, isSynthetic);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    root,
    entries,
    skipped,
    synthetic: entries.some((e) => e.synthetic),
    manifests,
    layout,
    labelSet: { merge: { ...(options.merge ?? {}) }, labels: options.labels ? [...options.labels] : null },
    hashing: { seconds, cached },
  };
}

/** Step 1: the labels each file's layout gives (folders; or metadata files, then the named corpora's file names). */
async function labelByLayout(
  root: string,
  files: string[],
  others: string[],
  layout: "auto" | "folders",
  options: DiscoverCorpusOptions,
): Promise<{ labelled: Labelled[]; skipped: SkippedFile[]; manifests: string[] }> {
  const skipped: SkippedFile[] = [];
  const labelled: Labelled[] = [];
  let manifests: string[] = [];
  if (layout === "folders") {
    const f = labelFromFolders(root, files);
    labelled.push(...f.labelled);
    skipped.push(...f.skipped);
  } else {
    const m = await labelFromMetadata(root, files, others);
    manifests = m.manifests;
    labelled.push(...m.labelled);
    skipped.push(...m.skipped);
    const n = await labelNamedCorpora(root, files.filter((f) => !m.covered.has(f)), others, options);
    labelled.push(...n.labelled);
    skipped.push(...n.skipped);
  }
  const metadataFiles = new Set(others.filter(isMetadataFile));
  const labelledFiles = new Set(labelled.map((l) => l.file));
  for (const p of others) {
    if (labelledFiles.has(p)) continue; // a manifest may name a file with an unusual extension
    if (metadataFiles.has(p) && layout === "auto") continue; // manifests are inputs, listed in Discovery.manifests
    skipped.push({ path: relativePosix(root, p), reason: "not an audio file (by extension)" });
  }
  return { labelled, skipped, manifests };
}

/** Step 2: speakers from `speakerPattern`, then the label set (merges, kept labels); refusals go to `skipped`. */
function applyLabelRules(
  labelled: Labelled[],
  pattern: RegExp | null,
  options: DiscoverCorpusOptions,
  skipped: SkippedFile[],
): Labelled[] {
  const kept: Labelled[] = [];
  for (const l of labelled) {
    if (pattern && !l.speaker) {
      const sp = speakerFromPath(pattern, l.rel);
      if (sp) l.speaker = `${l.corpus}/${sp}`;
      else l.warnings.push(`--speaker-pattern ${pattern} does not match this path; speaker unknown`);
    }
    const v = applyLabelSet(l.label, options);
    if (!v.ok) {
      skipped.push({
        path: l.rel,
        reason: l.label.trim() === "" ? `${v.reason}${l.fields.manifest ? ` (${l.fields.manifest})` : ""}` : v.reason,
      });
      continue;
    }
    if (v.label !== l.label) l.fields = { ...l.fields, label_raw: l.label };
    l.label = v.label;
    kept.push(l);
  }
  return kept.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Step 3: manifest entries, each byte-identical file after the first marked as a duplicate of it. */
function manifestEntries(
  kept: Labelled[],
  hashes: FileHash[],
  isSynthetic: (rel: string) => boolean,
): ManifestEntry[] {
  const seen = new Map<string, string>();
  return kept.map((l, i) => {
    const h = hashes[i];
    const duplicateOf = seen.get(h.sha256) ?? null;
    if (!duplicateOf) seen.set(h.sha256, l.rel);
    return {
      path: l.rel,
      corpus: l.corpus,
      speaker: l.speaker,
      gender: l.gender,
      emotion: l.label,
      source: l.source,
      split: l.split,
      synthetic: isSynthetic(l.rel),
      sha256: h.sha256,
      container: h.container,
      decoder: h.decoder,
      duplicateOf,
      fields: l.fields,
      warnings: duplicateOf ? [...l.warnings, `byte-identical to ${duplicateOf}`] : l.warnings,
    };
  });
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
