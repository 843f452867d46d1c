import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { writeFileAtomic } from "./write_atomic.ts";

/** A CSV cell value. `null`/`undefined` become empty cells. */
export type Cell = string | number | boolean | null | undefined;

/**
 * Format rows as RFC 4180 CSV (quoted where needed, `\n` line ends) with a header row.
 *
 * @param columns Column names, in order.
 * @param rows Records keyed by column name, or arrays in column order.
 * @example
 * toCsv(["emotion", "count"], [{ emotion: "angry", count: 3 }]); // "emotion,count\nangry,3\n"
 */
export function toCsv(columns: readonly string[], rows: Iterable<Record<string, Cell> | readonly Cell[]>): string {
  const body = [...rows].map((r) => Array.isArray(r) ? r : columns.map((c) => (r as Record<string, Cell>)[c]));
  return stringify([columns as string[], ...body], { cast: { number: (v) => String(v), boolean: (v) => String(v) } });
}

/**
 * Write rows as CSV atomically (temporary file, then rename).
 *
 * @example
 * await writeCsv("outputs/emotion_distribution.csv", ["emotion", "count"], rows);
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: Iterable<Record<string, Cell> | readonly Cell[]>,
): Promise<void> {
  await writeFileAtomic(path, toCsv(columns, rows));
}

/**
 * Parse CSV text with a header row into records of strings.
 *
 * @throws {Error} From csv-parse, naming the line, if the text is not valid CSV.
 * @example
 * parseCsv("a,b\n1,2\n"); // [{ a: "1", b: "2" }]
 */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true });
}
