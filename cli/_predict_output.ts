/**
 * Private: `./ser predict`'s rows as a table, JSON or CSV. Every format names the mode that answered each clip, and
 * says so plainly when the model was trained on the synthetic demo corpus.
 *
 * @module
 */
import { toCsv } from "$lib/io/mod.ts";
import type { BatchRow } from "$lib/predict/mod.ts";

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

/** JSON: the rows; with a synthetic model every row carries the warning (`synthetic`), error rows included. */
export function asJson(rows: readonly BatchRow[], synthetic: string | null): string {
  return JSON.stringify(synthetic ? rows.map((r) => ({ ...r, synthetic })) : rows, null, 2) + "\n";
}

/** CSV: one row per file, every class's probability, the mode, gender, notes, the synthetic warning and errors. */
export function asCsv(rows: readonly BatchRow[], classes: readonly string[], synthetic: string | null): string {
  return toCsv(
    [
      "file",
      "emotion",
      "confidence",
      ...classes,
      "gender",
      "gender_confidence",
      "mode",
      "speaker_group",
      "note",
      "warning",
      "error",
    ],
    rows.map((r) =>
      r.error !== null ? [r.file, "", "", ...classes.map(() => ""), "", "", "", "", "", synthetic ?? "", r.error] : [
        r.file,
        r.emotion,
        r.confidence,
        ...classes.map((c) => r.probabilities[c]),
        r.gender?.label ?? "",
        r.gender?.confidence ?? "",
        r.mode,
        r.speakerGroup ?? "",
        r.note ?? "",
        synthetic ?? "",
        "",
      ]
    ),
  );
}

/** A table for a terminal: file, emotion, confidence, runner-up, gender and the mode; a warning line first. */
export function asTable(rows: readonly BatchRow[], synthetic: string | null): string {
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  const cut = (s: string) => (s.length > width ? `…${s.slice(-(width - 1))}` : s.padEnd(width));
  const gendered = rows.some((r) => r.error === null && r.gender);
  const lines = synthetic ? [`WARNING: ${synthetic}.`, ""] : [];
  lines.push(
    `${"file".padEnd(width)}  ${"emotion".padEnd(9)} ${"confidence".padStart(10)}   ${"runner-up".padEnd(18)}${
      gendered ? " gender        " : ""
    } mode`,
  );
  for (const r of rows) {
    if (r.error !== null) {
      lines.push(`${cut(r.file)}  ERROR  ${r.error}`);
      continue;
    }
    const [, second] = Object.entries(r.probabilities).sort((a, b) => b[1] - a[1]);
    const runnerUp = second ? `${second[0]} ${pct(second[1])}` : "";
    const gender = gendered ? ` ${(r.gender ? `${r.gender.label} ${pct(r.gender.confidence)}` : "").padEnd(14)}` : "";
    lines.push(
      `${cut(r.file)}  ${r.emotion.padEnd(9)} ${pct(r.confidence).padStart(10)}   ${
        runnerUp.padEnd(18)
      }${gender} ${r.mode}`,
    );
  }
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}
