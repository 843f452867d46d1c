import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { confusionMatrixNormalisedChart } from "./evaluation_charts.ts";
import { plotPanel } from "./render.ts";
import { THEME } from "./_theme.ts";

/** One series of cross-validation scores (a model in a mode), as plain data. */
export interface CvChartSeries {
  /** Label, e.g. `my-family · enrolled`. */
  label: string;
  /** Score per fold (or held-out corpus); null where the fold could not score it. */
  folds: { name: string; value: number | null }[];
  /** Mean ± sd over the folds that scored. */
  mean: { mean: number; sd: number };
}

/** Colours of the use modes, the same in every chart: global, enrolled, transductive, then others. */
export const MODE_COLORS: Record<string, string> = {
  global: "#2f5d8a",
  enrolled: "#d08c2c",
  transductive: "#3d7d3a",
};
const EXTRA = ["#6f4b8b", "#b5562b", "#8db3d9", "#a6d49f", "#c9aee0"];

/**
 * `13_cv_folds`: one metric (UA by default) of every fold, for each model and mode side by side, with a last group for
 * the mean ± sd (error bars), so the spread across held-out speakers or corpora and the gap between modes show at a
 * glance.
 *
 * @example
 * cvFoldsChart([{ label: "my-family · global", folds, mean }], { protocol: "ravdess6", metric: "UA" });
 */
export function cvFoldsChart(
  series: readonly CvChartSeries[],
  options: { protocol?: string; metric?: string; note?: string; colors?: string[] } = {},
): Chart {
  const metric = options.metric ?? "UA";
  const keys = series.map((s, i) => ({
    key: s.label,
    color: options.colors?.[i] ?? MODE_COLORS[s.label.split(" · ").pop() ?? ""] ?? EXTRA[i % EXTRA.length],
  }));
  const groups = [...(series[0]?.folds.map((f) => f.name) ?? []), "mean ± sd"];
  const bars = series.flatMap((m) => [
    ...m.folds.filter((f) => f.value !== null).map((f) => ({ group: f.name, key: m.label, value: f.value!, sd: 0 })),
    { group: "mean ± sd", key: m.label, value: m.mean.mean, sd: m.mean.sd },
  ]).map((d) => ({ ...d, color: keys.find((s) => s.key === d.key)!.color }));
  const panel = plotPanel({
    width: Math.max(THEME.width, groups.length * (22 * keys.length + 28) + 80),
    height: 390,
    marginLeft: 56,
    marginTop: 30,
    marginBottom: 50,
    fx: { label: null, domain: groups, padding: 0.1 },
    x: { axis: null, domain: keys.map((s) => s.key) },
    y: { label: `${metric} (%)`, percent: true, domain: [0, 100], grid: true },
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
  const head = series.map((m) => `${m.label}: ${(100 * m.mean.mean).toFixed(1)} ± ${(100 * m.mean.sd).toFixed(1)} %`)
    .join(" · ");
  return composeChart("13_cv_folds", "Cross-validation per fold and mode", {
    title: `Cross-validation${options.protocol ? ` (${options.protocol})` : ""}: ${metric} per fold, every mode`,
    subtitle: head,
    panels: [panel],
    legend: keys.map((s) => ({ label: s.key, color: s.color })),
    note: options.note,
  });
}

/**
 * `14_cv_confusion` (or `options.name`): the confusion matrix summed over every fold's held-out clips, as % of each true
 * emotion.
 *
 * @example
 * cvConfusionChart(summed, classes, { model: "my-family · global" });
 */
export function cvConfusionChart(
  summed: number[][],
  classes: readonly string[],
  options: { model?: string; note?: string; name?: string } = {},
): Chart {
  const pct = summed.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s ? (100 * v) / s : 0));
  });
  const n = summed.flat().reduce((a, b) => a + b, 0);
  return confusionMatrixNormalisedChart(pct, classes, {
    name: options.name ?? "14_cv_confusion",
    title: `Confusion summed over folds${options.model ? ` — ${options.model}` : ""} (% of each true emotion)`,
    subtitle: `${n} held-out clips, every speaker tested once; the diagonal is each emotion's recall (mean = UA)`,
    note: options.note,
  });
}
