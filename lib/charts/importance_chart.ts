/**
 * `20_feature_importance`: how much each feature group matters to a model — the drop in UA when the group's columns
 * are shuffled on held-out clips (mean over folds, with the spread over folds as a line), most important first.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { plotPanel } from "./render.ts";
import { THEME } from "./_theme.ts";

/** A group's importance: UA drop (0–1) and its spread. */
export interface ImportanceBar {
  group: string;
  drop: number;
  sd: number;
}

/**
 * The importance chart of one model.
 *
 * @example
 * importanceChart([{ group: "MFCC", drop: 0.08, sd: 0.02 }], { model: "my-family" });
 */
export function importanceChart(bars: readonly ImportanceBar[], options: { model: string; note?: string }): Chart {
  const sorted = [...bars].sort((a, b) => b.drop - a.drop);
  const max = Math.max(0.01, ...sorted.map((b) => b.drop + b.sd));
  const panel = plotPanel({
    width: 720,
    height: 60 + 30 * sorted.length,
    marginLeft: 130,
    marginRight: 60,
    x: {
      label: "UA drop when shuffled (points) →",
      domain: [Math.min(0, ...sorted.map((b) => b.drop - b.sd)), max],
      tickFormat: (d: number) => (100 * d).toFixed(0),
      grid: true,
    },
    y: { label: null, domain: sorted.map((b) => b.group) },
    marks: [
      Plot.barX(sorted, { y: "group", x: "drop", fill: "#2f6690" }),
      Plot.ruleY(sorted, {
        y: "group",
        x1: (d: ImportanceBar) => d.drop - d.sd,
        x2: (d: ImportanceBar) => d.drop + d.sd,
        stroke: THEME.ink,
      }),
      Plot.text(sorted, {
        y: "group",
        x: (d: ImportanceBar) => d.drop + d.sd,
        text: (d: ImportanceBar) => `${(100 * d.drop).toFixed(1)}`,
        dx: 14,
        fill: THEME.ink,
      }),
      Plot.ruleX([0]),
    ],
  });
  return composeChart(`20_feature_importance`, `Feature importance (${options.model})`, {
    title: `Which features matter: ${options.model}`,
    subtitle: "Permutation importance by group on held-out clips, global mode: mean over folds ± sd",
    panels: [panel],
    note: options.note,
  });
}
