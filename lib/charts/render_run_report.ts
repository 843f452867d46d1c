import type { Chart } from "./chart.ts";
import { escapeXml, THEME } from "./_theme.ts";

/** A table for the report: column names and rows of cells. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/** What {@linkcode renderRunReport} shows. */
export interface RunReportData {
  title: string;
  /** Key facts shown at the top: data source, counts, split, seed, timings, versions. */
  summary: [string, string][];
  /** A warning banner (e.g. synthetic data), if any. */
  banner?: string;
  tables: ReportTable[];
  charts: Chart[];
  /** Skipped files: reason → count, and where the full list is. */
  skipped: { reason: string; count: number }[];
  skippedFile: string;
}

const fmt = (
  v: string | number,
) => (typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(4)) : v);

/**
 * One self-contained HTML page for a run: summary, a banner for synthetic data, metric tables, every chart as
 * inline SVG, and the skip-report summary. No scripts, no external resources: it works offline and from a file.
 *
 * @example
 * await writeFileAtomic("outputs/report.html", renderRunReport(data));
 */
export function renderRunReport(d: RunReportData): string {
  const e = escapeXml;
  const table = (t: ReportTable) =>
    `<table><caption>${e(t.caption)}</caption><thead><tr>${
      t.columns.map((c) => `<th>${e(c)}</th>`).join("")
    }</tr></thead><tbody>${
      t.rows.map((r) =>
        `<tr>${r.map((c, i) => `<td${i === 0 ? ' class="k"' : ""}>${e(String(fmt(c)))}</td>`).join("")}</tr>`
      ).join("")
    }</tbody></table>`;
  const charts = d.charts.map((c) =>
    `<figure id="${e(c.name)}" data-chart="${e(c.name)}">${c.svg}<figcaption>${e(c.name)}.svg · ${
      e(c.title)
    }</figcaption></figure>`
  ).join("\n");
  const skipped = d.skipped.length
    ? `<table><caption>Skipped files (full list: ${
      e(d.skippedFile)
    })</caption><thead><tr><th>Reason</th><th>Files</th></tr></thead><tbody>${
      d.skipped.map((s) => `<tr><td class="k">${e(s.reason)}</td><td>${s.count}</td></tr>`).join("")
    }</tbody></table>`
    : `<p>No files were skipped.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(d.title)}</title>
<style>
  body { font-family: ${THEME.fontFamily}; color: ${THEME.ink}; margin: 0 auto; max-width: 1200px; padding: 24px; line-height: 1.45; }
  h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid ${THEME.grid}; padding-bottom: 4px; }
  .banner { background: #fff4e5; border: 1px solid #f0b45b; border-radius: 6px; padding: 10px 14px; margin: 14px 0; font-weight: bold; }
  dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 12px 0; }
  dl.summary dt { color: ${THEME.muted}; } dl.summary dd { margin: 0; }
  table { border-collapse: collapse; margin: 12px 0 20px; font-size: 14px; }
  caption { text-align: left; font-weight: bold; padding-bottom: 6px; }
  th, td { padding: 4px 10px; border-bottom: 1px solid ${THEME.grid}; text-align: right; } th { background: #f6f8fa; }
  td.k, th:first-child { text-align: left; }
  figure { margin: 18px 0 28px; } figure svg { max-width: 100%; height: auto; display: block; }
  figcaption { color: ${THEME.muted}; font-size: 12px; margin-top: 4px; }
  .grid { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
</style>
</head>
<body>
<h1>${e(d.title)}</h1>
${d.banner ? `<div class="banner">${e(d.banner)}</div>` : ""}
<dl class="summary">${d.summary.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join("")}</dl>
<h2>Metrics</h2>
<div class="grid">${d.tables.map(table).join("\n")}</div>
<h2>Charts</h2>
${charts}
<h2>Skipped files</h2>
${skipped}
</body>
</html>
`;
}
