import { encodeBase64 } from "./_base64.ts";
import { escapeXml, THEME } from "./_theme.ts";

/** Something the Deno Jupyter kernel can show. */
export interface Displayable {
  [key: symbol]: () => Record<string, string>;
}

const DISPLAY = Symbol.for("Jupyter.display");

/** Options for {@linkcode dataTable}. */
export interface DataTableOptions {
  /** Columns to show, in order. Default: the keys of the first row. */
  columns?: string[];
  caption?: string;
  /** Rows shown before "… n more". Default 20. */
  maxRows?: number;
  /** Digits after the point for non-integers. Default 4. */
  digits?: number;
}

/**
 * A table that displays as HTML in a notebook and as aligned text elsewhere (its `toString()`).
 *
 * @example
 * dataTable([{ emotion: "angry", count: 3 }], { caption: "Clips per emotion" });
 */
export function dataTable(
  records: readonly object[],
  options: DataTableOptions = {},
): Displayable & { toString(): string; rows: readonly Record<string, unknown>[] } {
  const rows = records as readonly Record<string, unknown>[];
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  const max = options.maxRows ?? 20, digits = options.digits ?? 4;
  const cell = (
    v: unknown,
  ) => (typeof v === "number"
    ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(digits))
    : v === null || v === undefined
    ? ""
    : String(v));
  const shown = rows.slice(0, max);
  const more = rows.length > max ? rows.length - max : 0;
  const text = () => {
    const widths = columns.map((c) => Math.max(c.length, ...shown.map((r) => cell(r[c]).length)));
    const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join("  ");
    return [
      options.caption ?? "",
      line(columns),
      ...shown.map((r) => line(columns.map((c) => cell(r[c])))),
      more ? `… ${more} more rows` : "",
    ].filter(Boolean).join("\n");
  };
  const html = () =>
    `<table style="border-collapse:collapse;font-family:${THEME.fontFamily};font-size:13px">` +
    (options.caption
      ? `<caption style="text-align:left;font-weight:bold;padding-bottom:4px">${escapeXml(options.caption)}</caption>`
      : "") +
    `<thead><tr>${
      columns.map((c) =>
        `<th style="text-align:left;padding:3px 10px;border-bottom:1px solid #ccc">${escapeXml(c)}</th>`
      ).join("")
    }</tr></thead><tbody>` +
    shown.map((r) =>
      `<tr>${
        columns.map((c) =>
          `<td style="padding:3px 10px;text-align:${typeof r[c] === "number" ? "right" : "left"}">${
            escapeXml(cell(r[c]))
          }</td>`
        ).join("")
      }</tr>`
    ).join("") +
    `</tbody></table>${more ? `<p style="color:${THEME.muted}">… ${more} more rows</p>` : ""}`;
  return { rows, toString: text, [DISPLAY]: () => ({ "text/html": html(), "text/plain": text() }) };
}

/**
 * An audio player for a WAV file's bytes, shown inline in a notebook (the file is embedded as base64).
 *
 * @example
 * audioPlayer(await Deno.readFile("clip.wav"), "clip.wav");
 */
export function audioPlayer(wav: Uint8Array, label = "audio"): Displayable {
  return {
    [DISPLAY]: () => ({
      "text/html": `<figure style="margin:4px 0"><audio controls src="data:audio/wav;base64,${
        encodeBase64(wav)
      }"></audio><figcaption style="font-size:12px;color:${THEME.muted}">${escapeXml(label)}</figcaption></figure>`,
      "text/plain": `[audio: ${label}, ${wav.length} bytes]`,
    }),
  };
}
