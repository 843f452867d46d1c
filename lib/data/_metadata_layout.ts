/**
 * Private: label the files that `metadata.csv` / `metadata.jsonl` manifests anywhere under the root describe.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { isMetadataFile, parseMetadataManifest } from "./metadata_manifest.ts";
import type { Labelled, SkippedFile } from "./_labelled.ts";
import { relativePosix } from "./list_audio_files.ts";

/** What the manifests say about the files under the root. */
export interface MetadataLabelling {
  labelled: Labelled[];
  skipped: SkippedFile[];
  /** Every listed file (absolute or root-joined path) covered by a manifest's folder: named-corpus parsing skips these. */
  covered: Set<string>;
  /** The manifests found, relative to the root. */
  manifests: string[];
}

const posix = (p: string) => p.split("\\").join("/");

/**
 * Read every metadata manifest among `others` and label the files they list. A file is described by the deepest
 * manifest that lists it; a file inside a manifest's folder that no manifest lists is skipped with the reason, as is a
 * row naming a file that does not exist. Duplicate rows keep the first and warn.
 *
 * @throws {MetadataError} For a malformed manifest (with its line) or one without `file_name`/`label`.
 */
export async function labelFromMetadata(root: string, files: string[], others: string[]): Promise<MetadataLabelling> {
  const manifests = others.filter(isMetadataFile).sort((a, b) => b.split(/[\\/]/).length - a.split(/[\\/]/).length);
  const out: MetadataLabelling = { labelled: [], skipped: [], covered: new Set(), manifests: [] };
  if (manifests.length === 0) return out;
  const existing = new Map([...files, ...others].map((f) => [posix(relative(root, f)), f]));
  const byRel = new Map<string, Labelled>();
  for (const m of manifests) {
    const mRel = relativePosix(root, m);
    out.manifests.push(mRel);
    const folder = posix(relative(root, dirname(m)));
    const corpus = folder === "" ? "custom" : folder.split("/").pop()!;
    const parsed = parseMetadataManifest(await Deno.readTextFile(m), mRel);
    for (const p of parsed.problems) out.skipped.push({ path: mRel, reason: p.reason });
    for (const row of parsed.rows) {
      const rel = posix(join(folder, posix(row.fileName))).replace(/^\.\//, "");
      const file = existing.get(rel);
      if (!file || rel.startsWith("../")) {
        out.skipped.push({
          path: rel,
          reason: `listed in ${mRel} line ${row.line}, but no such file under the data folder`,
        });
        continue;
      }
      const first = byRel.get(rel);
      if (first) {
        if (first.fields._manifest === mRel) {
          first.warnings.push(
            `listed again in ${mRel} line ${row.line}${
              row.label !== first.label ? ` as "${row.label}"` : ""
            }; the first row wins`,
          );
        }
        continue; // a deeper manifest already described it
      }
      const corpusName = row.extra.corpus ?? row.extra.dataset ?? corpus;
      byRel.set(rel, {
        file,
        rel,
        corpus: corpusName,
        speaker: row.speaker ? `${corpusName}/${row.speaker}` : "",
        gender: row.gender,
        label: row.label,
        split: row.split,
        source: "metadata",
        fields: { ...row.extra, _manifest: mRel, _line: String(row.line) },
        warnings: [],
      });
    }
  }
  // Coverage: every audio file inside a manifest's folder belongs to that manifest, listed or not.
  const folders = manifests.map((m) => posix(relative(root, dirname(m))));
  for (const f of files) {
    const rel = relativePosix(root, f);
    const owner = folders.find((d) => d === "" || rel.startsWith(`${d}/`));
    if (owner === undefined) continue;
    out.covered.add(f);
    if (!byRel.has(rel)) {
      const m = manifests[folders.indexOf(owner)];
      out.skipped.push({ path: rel, reason: `no row for this file in ${relativePosix(root, m)}` });
    }
  }
  for (const l of byRel.values()) {
    out.covered.add(l.file);
    const { _manifest, _line, ...fields } = l.fields;
    out.labelled.push({ ...l, fields: { ...fields, manifest: `${_manifest}:${_line}` } });
  }
  return out;
}
