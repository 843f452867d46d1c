/**
 * `18_cv_matrix_<mode>`: the cross-corpus matrix as a heat map — rows the corpus trained on, columns the corpus tested
 * on (the diagonal: its own held-out speakers), UA written in each cell, empty where nothing could be scored.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { plotPanel } from "./render.ts";
import { THEME } from "./_theme.ts";

/** One cell: trained on `train`, tested on `test`, UA 0–1 (null: nothing scored). */
export interface MatrixChartCell {
  train: string;
  test: string;
  ua: number | null;
}

/**
 * The matrix heat map of one use mode.
 *
 * @param cells Every (train, test) pair.
 * @param options.mode The mode's name, for the title and file name.
 * @param options.chance Chance UA (1 / labels), marked in the subtitle.
 * @example
 * cvMatrixChart(cells, { mode: "global", chance: 1 / 7 }).svg();
 */
export function cvMatrixChart(
  cells: readonly MatrixChartCell[],
  options: { mode: string; chance?: number; note?: string },
): Chart {
  const corpora = [...new Set(cells.flatMap((c) => [c.train, c.test]))];
  const scored = cells.filter((c) => c.ua !== null);
  const off = scored.filter((c) => c.train !== c.test);
  const mean = off.length ? off.reduce((s, c) => s + c.ua!, 0) / off.length : null;
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const panel = plotPanel({
    width: Math.max(560, 95 * corpora.length + 130),
    height: 70 + 42 * corpora.length,
    marginLeft: 110,
    marginTop: 40,
    x: { label: "tested on →", domain: corpora, axis: "top" },
    y: { label: "↓ trained on", domain: corpora },
    color: { type: "linear", scheme: THEME.scheme, domain: [0, 1] },
    marks: [
      Plot.cell(scored, { x: "test", y: "train", fill: "ua", inset: 1 }),
      Plot.cell(cells.filter((c) => c.train === c.test), { x: "test", y: "train", stroke: THEME.ink, inset: 1 }),
      Plot.text(cells.filter((c) => c.ua === null), { x: "test", y: "train", text: () => "—", fill: THEME.ink }),
      Plot.text(scored, {
        x: "test",
        y: "train",
        text: (d: MatrixChartCell) => pct(d.ua!),
        fill: (d: MatrixChartCell) => (d.ua! > 0.55 ? "white" : THEME.ink),
      }),
    ],
  });
  const parts = [
    mean === null ? null : `off-diagonal mean ${pct(mean)}`,
    options.chance ? `chance ${pct(options.chance)}` : null,
    "outlined: own held-out speakers · —: nothing to score",
  ].filter(Boolean);
  return composeChart(`18_cv_matrix_${options.mode}`, `Cross-corpus UA (${options.mode})`, {
    title: `Cross-corpus UA, ${options.mode} mode`,
    subtitle: parts.join(" · "),
    panels: [panel],
    note: options.note,
  });
}
