import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { confusionMatrixNormalizedChart } from "./evaluation_charts.ts";
import { plotPanel } from "./render.ts";
import { THEME } from "./_theme.ts";

/** One model's cross-validation scores (plain data). */
export interface CvChartModel {
  /** Label, e.g. `pooled-mlp (speaker norm)`. */
  label: string;
  folds: { name: string; wa: number; ua: number }[];
  wa: { mean: number; sd: number };
  ua: { mean: number; sd: number };
}

const PALETTE = [["#2f5d8a", "#8db3d9"], ["#b5562b", "#f0b48f"], ["#3d7d3a", "#a6d49f"], ["#6f4b8b", "#c9aee0"]];

/**
 * `13_cv_folds`: WA and UA of every fold, per model, with a last group for the mean ± sd (error bars), so the
 * spread across held-out speakers is visible at a glance.
 *
 * @example
 * cvFoldsChart([{ label: "pooled-mlp", folds, wa, ua }], { protocol: "ravdess6" });
 */
export function cvFoldsChart(
  models: readonly CvChartModel[],
  options: { protocol?: string; note?: string } = {},
): Chart {
  const series = models.flatMap((m, i) =>
    (["WA", "UA"] as const).map((metric, j) => ({ key: `${m.label} ${metric}`, color: PALETTE[i % PALETTE.length][j] }))
  );
  const groups = [...(models[0]?.folds.map((f) => f.name) ?? []), "mean ± sd"];
  const bars = models.flatMap((m) => [
    ...m.folds.flatMap((f) => [
      { group: f.name, key: `${m.label} WA`, value: f.wa, sd: 0 },
      { group: f.name, key: `${m.label} UA`, value: f.ua, sd: 0 },
    ]),
    { group: "mean ± sd", key: `${m.label} WA`, value: m.wa.mean, sd: m.wa.sd },
    { group: "mean ± sd", key: `${m.label} UA`, value: m.ua.mean, sd: m.ua.sd },
  ]).map((d) => ({ ...d, color: series.find((s) => s.key === d.key)!.color }));
  const panel = plotPanel({
    width: Math.max(THEME.width, groups.length * (24 * series.length + 28) + 80),
    height: 390,
    marginLeft: 56,
    marginTop: 30,
    marginBottom: 50,
    fx: { label: null, domain: groups, padding: 0.1 },
    x: { axis: null, domain: series.map((s) => s.key) },
    y: { label: "Score (%)", percent: true, domain: [0, 100], grid: true },
    marks: [
      Plot.barY(bars, { fx: "group", x: "key", y: "value", fill: "color" }),
      Plot.ruleX(bars.filter((b) => b.sd > 0), {
        fx: "group",
        x: "key",
        y1: (d) => d.value - d.sd,
        y2: (d) => d.value + d.sd,
        stroke: THEME.ink,
        strokeWidth: 1.5,
      }),
      Plot.text(bars, {
        fx: "group",
        x: "key",
        y: (d) => d.value + d.sd,
        text: (d) => (100 * d.value).toFixed(0),
        dy: -7,
        fontSize: 9.5,
        fill: THEME.ink,
      }),
      Plot.ruleY([0]),
    ],
  });
  const head = models.map((m) =>
    `${m.label}: WA ${(100 * m.wa.mean).toFixed(1)} ± ${(100 * m.wa.sd).toFixed(1)} %, UA ${
      (100 * m.ua.mean).toFixed(1)
    } ± ${(100 * m.ua.sd).toFixed(1)} %`
  ).join(" · ");
  return composeChart("13_cv_folds", "Cross-validation per fold", {
    title: `Speaker-independent cross-validation${
      options.protocol ? ` (${options.protocol})` : ""
    }: WA and UA per fold`,
    subtitle: head,
    panels: [panel],
    legend: series.map((s) => ({ label: s.key, color: s.color })),
    note: options.note,
  });
}

/**
 * `14_cv_confusion`: the confusion matrix summed over every fold's held-out speakers, as % of each true emotion.
 *
 * @example
 * cvConfusionChart(summed, classes, { model: "pooled-mlp" });
 */
export function cvConfusionChart(
  summed: number[][],
  classes: readonly string[],
  options: { model?: string; note?: string } = {},
): Chart {
  const pct = summed.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s ? (100 * v) / s : 0));
  });
  const n = summed.flat().reduce((a, b) => a + b, 0);
  return confusionMatrixNormalizedChart(pct, classes, {
    name: "14_cv_confusion",
    title: `Confusion summed over folds${options.model ? ` — ${options.model}` : ""} (% of each true emotion)`,
    subtitle: `${n} held-out clips, every speaker tested once; the diagonal is each emotion's recall (mean = UA)`,
    note: options.note,
  });
}
