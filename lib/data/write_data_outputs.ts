import { join } from "node:path";
import { writeCsv } from "../io/csv.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { type Discovery, MANIFEST_COLUMNS, manifestRecord, type SkippedFile } from "./discover_corpus.ts";
import type { FeatureTable } from "./extract_corpus.ts";
import { ravdessFold, type SplitName } from "./split.ts";

/** Count occurrences, most frequent first (ties by name), as the seed's `value_counts()` tables. */
export function countBy(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * Write `manifest.csv` (one row per labelled clip, with any extra metadata columns after the standard ones) and
 * `skipped.csv` (path, reason: unparsed names, non-audio files, and `failures` such as clips whose features failed)
 * into `dir`, atomically: every file under the data folder is in exactly one of them.
 *
 * @example
 * await writeManifest("outputs/cv", discovery, table.failures);
 */
export async function writeManifest(
  dir: string,
  discovery: Discovery,
  failures: readonly SkippedFile[] = [],
): Promise<void> {
  const skipped: SkippedFile[] = [...discovery.skipped, ...failures].sort((a, b) => (a.path < b.path ? -1 : 1));
  const known = new Set<string>(MANIFEST_COLUMNS);
  const extra = [...new Set(discovery.entries.flatMap((e) => Object.keys(e.fields)))].filter((k) => !known.has(k))
    .sort();
  await writeCsv(join(dir, "manifest.csv"), [...MANIFEST_COLUMNS, ...extra], discovery.entries.map(manifestRecord));
  await writeCsv(join(dir, "skipped.csv"), ["path", "reason"], skipped.map((s) => [s.path, s.reason]));
}

/**
 * Write the data stage's outputs into `dir`:
 * - `manifest.csv` (one row per labelled clip, with any extra metadata columns after the standard ones) and `skipped.csv` (path, reason: unparsed names, non-audio files and
 *   clips whose features failed);
 * - `emotion_distribution.csv` (`emotion,count`) and `dataset_distribution.csv` (`dataset,count`), most frequent
 *   first, over the clips that have features, as the seed's;
 * - `split.csv` (path, corpus, speaker, emotion, split, and for RAVDESS the actor fold 0–5 of the 6-fold
 *   held-out-actor cross-validation);
 * - `features.csv` (path + 195 named columns) and the same table as `features.f32` (row-major float32) with
 *   `features.json` (rows, columns, paths) for fast loading.
 *
 * Every file is written atomically.
 *
 * @example
 * await writeDataOutputs("outputs", discovery, table, split);
 */
export async function writeDataOutputs(
  dir: string,
  discovery: Discovery,
  table: FeatureTable,
  split: readonly SplitName[],
): Promise<void> {
  const byPath = new Map(discovery.entries.map((e) => [e.path, e]));
  const rows = table.paths.map((p) => byPath.get(p)!);
  await writeManifest(dir, discovery, table.failures);
  await writeCsv(join(dir, "emotion_distribution.csv"), ["emotion", "count"], countBy(rows.map((e) => e.emotion)));
  await writeCsv(join(dir, "dataset_distribution.csv"), ["dataset", "count"], countBy(rows.map((e) => e.corpus)));
  await writeCsv(
    join(dir, "split.csv"),
    ["path", "corpus", "speaker", "emotion", "split", "ravdess_fold"],
    rows.map((
      e,
      i,
    ) => [
      e.path,
      e.corpus,
      e.speaker,
      e.emotion,
      split[i],
      e.corpus === "RAVDESS" && e.fields.actor ? ravdessFold(Number(e.fields.actor)) : "",
    ]),
  );
  const F = table.names.length;
  await writeCsv(
    join(dir, "features.csv"),
    ["path", ...table.names],
    table.paths.map((p, i) => [p, ...table.data.subarray(i * F, (i + 1) * F)]),
  );
  await writeFileAtomic(
    join(dir, "features.f32"),
    new Uint8Array(table.data.buffer, table.data.byteOffset, table.data.byteLength),
  );
  await writeFileAtomic(
    join(dir, "features.json"),
    JSON.stringify({
      rows: table.paths.length,
      columns: table.names,
      paths: table.paths,
      dtype: "float32",
      layout: "row-major",
    }),
  );
}

/** Clip counts per emotion, per corpus, and per emotion × corpus, most frequent first (plain data for charts). */
export function corpusCounts(rows: readonly { emotion: string; corpus: string }[]): {
  emotionCounts: { label: string; count: number }[];
  corpusCounts: { label: string; count: number }[];
  emotionCorpus: { emotion: string; corpus: string; count: number }[];
} {
  const cross = new Map<string, { emotion: string; corpus: string; count: number }>();
  for (const r of rows) {
    const k = `${r.emotion}\u0000${r.corpus}`;
    const c = cross.get(k) ?? { emotion: r.emotion, corpus: r.corpus, count: 0 };
    c.count++;
    cross.set(k, c);
  }
  return {
    emotionCounts: countBy(rows.map((r) => r.emotion)).map(([label, count]) => ({ label, count })),
    corpusCounts: countBy(rows.map((r) => r.corpus)).map(([label, count]) => ({ label, count })),
    emotionCorpus: [...cross.values()],
  };
}
