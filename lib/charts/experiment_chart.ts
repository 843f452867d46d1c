/**
 * `19_experiment_ua`: an experiment's cells side by side — each cell's UA (dot) with its 95 % interval over speakers
 * (line), one colour per use mode; cells better than the reference with p < 0.05 are marked ▲, worse ▼.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { legendFor, plotPanel } from "./render.ts";
import { MODE_COLORS } from "./cv_charts.ts";
import { colorOf, THEME } from "./_theme.ts";

/** One cell and mode. */
export interface ExperimentChartRow {
  cell: string;
  mode: string;
  ua: number;
  low: number | null;
  high: number | null;
  /** Against the reference cell: +1 better, −1 worse (p < 0.05), 0 not different or the reference itself. */
  significant: -1 | 0 | 1;
}

/**
 * The experiment chart.
 *
 * @example
 * experimentChart(rows, { title: "learners across corpora", reference: "corpus__pooled-mlp__aug1-level__seed42" });
 */
export function experimentChart(
  rows: readonly ExperimentChartRow[],
  options: { title: string; reference?: string; note?: string },
): Chart {
  const cells = [...new Set(rows.map((r) => r.cell))];
  const modes = [...new Set(rows.map((r) => r.mode))];
  const color = (m: string) => colorOf(MODE_COLORS, m);
  const withCi = rows.filter((r) => r.low !== null && r.high !== null);
  const marked = rows.filter((r) => r.significant !== 0);
  const panel = plotPanel({
    width: 760,
    height: 60 + 26 * cells.length * modes.length,
    marginLeft: Math.min(320, 7 * Math.max(...cells.map((c) => c.length)) + 20),
    marginRight: 90,
    x: { label: "UA (95 % interval over speakers) →", domain: [0, 1], tickFormat: "%", grid: true },
    y: { label: null, domain: cells },
    fy: { label: null, domain: modes },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(withCi, {
        fy: "mode",
        y: "cell",
        x1: "low",
        x2: "high",
        stroke: (d: ExperimentChartRow) => color(d.mode),
      }),
      Plot.dot(rows, { fy: "mode", y: "cell", x: "ua", fill: (d: ExperimentChartRow) => color(d.mode), r: 4 }),
      Plot.text(marked, {
        fy: "mode",
        y: "cell",
        x: "high",
        text: (d: ExperimentChartRow) => (d.significant > 0 ? "▲" : "▼"),
        dx: 10,
        fill: THEME.ink,
      }),
    ],
  });
  return composeChart("19_experiment_ua", `Experiment: ${options.title}`, {
    title: `Experiment: ${options.title}`,
    subtitle: options.reference
      ? `▲/▼: better/worse than ${options.reference} on the same clips (paired bootstrap, p < 0.05)`
      : "▲/▼: better/worse than the default family's cell of the same protocol and seed (paired bootstrap, p < 0.05)",
    panels: [panel],
    legend: legendFor(modes, MODE_COLORS),
    note: options.note,
  });
}
