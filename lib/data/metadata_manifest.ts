import { parse } from "csv-parse/sync";
import { normaliseLabel } from "./label_set.ts";
import type { SplitName } from "./split.ts";

/** One row of a `metadata.csv` / `metadata.jsonl`, as Hugging Face's `audiofolder` defines them. */
export interface MetadataRow {
  /** 1-based line of the row in its file (for messages). */
  line: number;
  /** `file_name` as written: relative to the metadata file's folder, forward or back slashes. */
  fileName: string;
  /** `label` (or `emotion`) as written (normalised later, with the label set). */
  label: string;
  /** `speaker`, or `""` when the column is absent or empty. */
  speaker: string;
  /** `gender`, normalised to male/female/unknown. */
  gender: "male" | "female" | "unknown";
  /** `split` (train, validation/val/dev, test), or null. */
  split: SplitName | null;
  /** Every other column, kept for the manifest. */
  extra: Record<string, string>;
}

/** A metadata file's rows and the rows it could not use. */
export interface MetadataManifest {
  rows: MetadataRow[];
  /** Rows that are unusable (empty file name or a bad split value) with the reason; the caller adds them to skipped. */
  problems: { line: number; reason: string }[];
  /** Column names in file order. */
  columns: string[];
}

/** A metadata file that cannot be read at all: malformed CSV/JSON (with its line) or a missing required column. */
export class MetadataError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MetadataError";
  }
}

const KNOWN = new Set(["file_name", "label", "emotion", "speaker", "gender", "split"]);
const SPLITS: Record<string, SplitName> = {
  train: "train",
  training: "train",
  validation: "val",
  valid: "val",
  val: "val",
  dev: "val",
  test: "test",
  testing: "test",
};

function gender(v: string): MetadataRow["gender"] {
  const g = v.trim().toLowerCase();
  return g === "m" || g === "male" || g === "man"
    ? "male"
    : g === "f" || g === "female" || g === "woman"
    ? "female"
    : "unknown";
}

/** Parse CSV into records with their starting line, tolerating a BOM and CRLF line ends. */
function csvRecords(
  text: string,
  name: string,
): { records: { line: number; r: Record<string, string> }[]; columns: string[] } {
  let out: { info: { lines: number }; record: Record<string, string> }[];
  let columns: string[] = [];
  try {
    out = parse(text, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((h) => h.trim().toLowerCase())),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { info: { lines: number }; record: Record<string, string> }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new MetadataError(
      `${name}: malformed CSV${line ? ` at line ${line}` : ""}: ${
        (e as Error).message.replace(/^Invalid Record Length: /, "")
      }`,
      { cause: e },
    );
  }
  return { records: out.map((o) => ({ line: o.info.lines, r: o.record })), columns };
}

/** Parse JSON Lines: one object per non-empty line. */
function jsonlRecords(
  text: string,
  name: string,
): { records: { line: number; r: Record<string, string> }[]; columns: string[] } {
  const records: { line: number; r: Record<string, string> }[] = [];
  const columns: string[] = [];
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      throw new MetadataError(`${name}: malformed JSON at line ${i + 1}: ${(e as Error).message}`, { cause: e });
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      throw new MetadataError(`${name}: line ${i + 1} is not a JSON object`);
    }
    const r: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      const key = k.trim().toLowerCase();
      if (!columns.includes(key)) columns.push(key);
      r[key] = v === null || v === undefined ? "" : String(v).trim();
    }
    records.push({ line: i + 1, r });
  });
  return { records, columns };
}

/**
 * Read a `metadata.csv` or `metadata.jsonl` in the `audiofolder` convention: `file_name` (relative to the file's folder)
 * and `label` (alias `emotion`) are required; `speaker`, `gender`, `split` and any other columns are optional, and the
 * others are kept. A BOM and CRLF line ends are accepted.
 *
 * @param text The file's contents.
 * @param name The file's path, for messages.
 * @param options.jsonl Parse as JSON Lines. Default: by the name's extension.
 * @returns Usable rows (empty labels included: the label set skips them with a reason) and per-row problems.
 * @throws {MetadataError} For malformed CSV or JSON (naming the line) or a missing `file_name` or `label` column.
 * @example
 * const m = parseMetadataManifest("file_name,label\nrec1.wav,happy\n", "calls/metadata.csv");
 */
export function parseMetadataManifest(
  text: string,
  name: string,
  options: { jsonl?: boolean } = {},
): MetadataManifest {
  const jsonl = options.jsonl ?? /\.jsonl$/i.test(name);
  const { records, columns } = jsonl ? jsonlRecords(text, name) : csvRecords(text, name);
  if (!columns.includes("file_name")) {
    throw new MetadataError(`${name}: no "file_name" column (columns: ${columns.join(", ") || "none"})`);
  }
  const labelColumn = columns.includes("label") ? "label" : columns.includes("emotion") ? "emotion" : null;
  if (!labelColumn) {
    throw new MetadataError(`${name}: no "label" (or "emotion") column (columns: ${columns.join(", ")})`);
  }
  const rows: MetadataRow[] = [], problems: MetadataManifest["problems"] = [];
  for (const { line, r } of records) {
    const fileName = (r.file_name ?? "").trim();
    if (!fileName) {
      problems.push({ line, reason: `${name} line ${line}: empty file_name` });
      continue;
    }
    const splitText = (r.split ?? "").trim().toLowerCase();
    const split = splitText ? SPLITS[splitText] : null;
    if (split === undefined) {
      problems.push({ line, reason: `${name} line ${line}: split "${r.split}" is not train, validation or test` });
      continue;
    }
    const extra: Record<string, string> = {};
    for (const c of columns) if (!KNOWN.has(c) && r[c] !== undefined && r[c] !== "") extra[c] = r[c];
    rows.push({
      line,
      fileName,
      label: r[labelColumn] ?? "",
      speaker: (r.speaker ?? "").trim(),
      gender: gender(r.gender ?? ""),
      split,
      extra,
    });
  }
  return { rows, problems, columns };
}

/** True for the file names discovery treats as metadata manifests. */
export function isMetadataFile(path: string): boolean {
  return /(^|[\\/])metadata\.(csv|jsonl)$/i.test(path);
}

/** The class names of a manifest's rows, normalised (for summaries). */
export function metadataLabels(m: MetadataManifest): string[] {
  return [...new Set(m.rows.map((r) => normaliseLabel(r.label)).filter(Boolean))].sort();
}
