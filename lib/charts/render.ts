import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { colorOf, escapeXml, THEME } from "./_theme.ts";

const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as {
  document: Plot.PlotOptions["document"];
};

/** A rendered panel and its size. */
export interface Panel {
  svg: string;
  width: number;
  height: number;
}

/**
 * Render Observable Plot options to a standalone SVG string without a browser (linkedom's document), with the shared
 * fonts and colours. Plot's own title, subtitle and legends produce HTML, so they are left to {@linkcode compose}.
 *
 * @example
 * const panel = plotPanel({ marks: [Plot.barY(data, { x: "emotion", y: "count" })] });
 */
export function plotPanel(options: Plot.PlotOptions): Panel {
  const width = options.width ?? THEME.width, height = options.height ?? THEME.height;
  const el = Plot.plot({
    ...options,
    width,
    height,
    document,
    style: {
      fontFamily: THEME.fontFamily,
      fontSize: `${THEME.fontSize}px`,
      color: THEME.ink,
      background: THEME.background,
      ...(options.style as object ?? {}),
    },
  } as Plot.PlotOptions) as unknown as { outerHTML: string; tagName: string };
  if (el.tagName.toLowerCase() !== "svg") {
    throw new Error("plotPanel() needs options without title, subtitle, caption or legend (use compose())");
  }
  return { svg: finishSvg(el.outerHTML), width, height };
}

/** Make Plot's SVG standalone: namespace, resolved `currentColor`, fonts, no browser-only CSS. */
function finishSvg(svg: string): string {
  return svg
    .replace(/^<svg/i, `<svg xmlns="http://www.w3.org/2000/svg"`)
    .replace(/currentColor/g, THEME.ink)
    .replace(/font-family="[^"]*"/, `font-family="${THEME.fontFamily}"`)
    .replace(/<style>[\s\S]*?<\/style>/, "");
}

/** A legend entry. */
export interface LegendItem {
  label: string;
  color: string;
}

/** Swatches for a list of categories, coloured from a map. */
export function legendFor(keys: readonly string[], colors: Record<string, string>): LegendItem[] {
  return keys.map((k) => ({ label: k, color: colorOf(colors, k) }));
}

/** Options for {@linkcode compose}. */
export interface ComposeOptions {
  title: string;
  subtitle?: string;
  /** Panels laid out left to right, wrapping to `columns` per row. */
  panels: Panel[];
  /** Panels per row. Default: all in one row. */
  columns?: number;
  legend?: LegendItem[];
  /** Small print under the chart (source, notes). */
  note?: string;
}

/**
 * Assemble a titled chart from one or more panels: title and subtitle as SVG text, a swatch legend, panels in a grid,
 * and a note line, on a white background. Everything is SVG (no HTML), so resvg and browsers render it the same.
 *
 * @returns The SVG document and its size.
 */
export function compose(options: ComposeOptions): Panel {
  const { panels, title, subtitle, legend, note } = options;
  const columns = options.columns ?? panels.length;
  const pad = 16;
  const rows: Panel[][] = [];
  for (let i = 0; i < panels.length; i += columns) rows.push(panels.slice(i, i + columns));
  const contentWidth = Math.max(...rows.map((r) => r.reduce((s, p) => s + p.width, 0)));
  let y = pad + THEME.titleSize;
  const parts: string[] = [];
  parts.push(
    `<text x="${pad}" y="${y}" font-size="${THEME.titleSize}" font-weight="bold" fill="${THEME.ink}">${
      escapeXml(title)
    }</text>`,
  );
  if (subtitle) {
    y += THEME.subtitleSize + 6;
    parts.push(
      `<text x="${pad}" y="${y}" font-size="${THEME.subtitleSize}" fill="${THEME.muted}">${escapeXml(subtitle)}</text>`,
    );
  }
  if (legend?.length) {
    y += 22;
    let x = pad;
    for (const item of legend) {
      const w = 22 + item.label.length * 7.2 + 14;
      if (x + w > contentWidth + pad && x > pad) {
        x = pad;
        y += 20;
      }
      parts.push(`<rect x="${x}" y="${y - 11}" width="14" height="14" rx="2" fill="${item.color}"/>`);
      parts.push(
        `<text x="${x + 20}" y="${y}" font-size="${THEME.fontSize}" fill="${THEME.ink}">${
          escapeXml(item.label)
        }</text>`,
      );
      x += w;
    }
  }
  y += 10;
  for (const row of rows) {
    let x = pad;
    for (const p of row) {
      parts.push(p.svg.replace(/^<svg /, `<svg x="${x}" y="${y}" `));
      x += p.width;
    }
    y += Math.max(...row.map((p) => p.height));
  }
  if (note) {
    y += 16;
    parts.push(`<text x="${pad}" y="${y}" font-size="11" fill="${THEME.muted}">${escapeXml(note)}</text>`);
  }
  const width = contentWidth + 2 * pad, height = y + pad;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${THEME.fontFamily}" font-size="${THEME.fontSize}"><rect width="100%" height="100%" fill="${THEME.background}"/>${
      parts.join("")
    }</svg>`;
  return { svg, width, height };
}
