import * as Plot from "@observablehq/plot";
import { type LegendItem, plotPanel } from "./render.ts";
import { type Chart, composeChart } from "./chart.ts";
import { colorOf, EMOTION_COLORS, THEME } from "./_theme.ts";

/** One epoch of a training history (plain data). */
export interface HistoryPoint {
  epoch: number;
  loss: number;
  valLoss: number;
  accuracy: number;
  valAccuracy: number;
  lr?: number;
}

const TRAIN = "#4e79a7", VAL = "#e15759";

/**
 * `06_training_history`: accuracy and loss per epoch for training and validation, side by side, with the epoch
 * whose weights were kept (lowest val_loss) marked, and learning-rate halvings as ticks.
 *
 * @param history Epochs in order (epoch numbers 1-based for display).
 * @param options.bestEpoch The kept epoch (1-based).
 * @example
 * trainingHistoryChart(history, { bestEpoch: 18 });
 */
export function trainingHistoryChart(
  history: readonly HistoryPoint[],
  options: { bestEpoch?: number; note?: string } = {},
): Chart {
  const long = (key: "accuracy" | "loss") =>
    history.flatMap((h) => [
      { epoch: h.epoch, value: key === "accuracy" ? h.accuracy : h.loss, series: "train", color: TRAIN },
      { epoch: h.epoch, value: key === "accuracy" ? h.valAccuracy : h.valLoss, series: "validation", color: VAL },
    ]);
  const halvings = history.filter((h, i) =>
    i > 0 && h.lr !== undefined && history[i - 1].lr !== undefined && h.lr < history[i - 1].lr!
  ).map((h) => ({ epoch: h.epoch }));
  const best = options.bestEpoch;
  const panel = (key: "accuracy" | "loss", label: string) =>
    plotPanel({
      width: 400,
      height: 330,
      marginLeft: 56,
      marginTop: 30,
      marginBottom: 44,
      x: { label: "Epoch", grid: true },
      y: { label, grid: true, ...(key === "accuracy" ? { percent: true, domain: [0, 100] } : { zero: true }) },
      marks: [
        ...(best
          ? [
            Plot.ruleX([best], { stroke: THEME.muted, strokeDasharray: "4 3" }),
            Plot.text([best], {
              x: (d) => d,
              frameAnchor: "top",
              dy: 4,
              dx: 4,
              textAnchor: "start",
              text: () => `kept: epoch ${best}`,
              fill: THEME.muted,
            }),
          ]
          : []),
        Plot.ruleX(halvings, { x: "epoch", stroke: "#edc948", strokeWidth: 2 }),
        Plot.lineY(long(key), { x: "epoch", y: "value", z: "series", stroke: "color", strokeWidth: 2 }),
      ],
    });
  const legend: LegendItem[] = [{ label: "training", color: TRAIN }, { label: "validation", color: VAL }];
  if (halvings.length) legend.push({ label: "learning rate halved", color: "#edc948" });
  const last = history[history.length - 1];
  return composeChart("06_training_history", "Training history", {
    title: "Training history",
    subtitle: last
      ? `${history.length} epochs · final val accuracy ${(100 * last.valAccuracy).toFixed(1)}% · val loss ${
        last.valLoss.toFixed(3)
      }`
      : "no epochs",
    panels: [panel("accuracy", "Accuracy (%)"), panel("loss", "Loss (cross-entropy)")],
    legend,
    note: options.note,
  });
}

function matrixPanel(matrix: number[][], classes: readonly string[], format: (v: number) => string, max: number) {
  const cells = matrix.flatMap((row, i) => row.map((v, j) => ({ truth: classes[i], predicted: classes[j], value: v })));
  const size = Math.max(34, Math.min(60, 480 / classes.length));
  return plotPanel({
    width: 110 + size * classes.length + 20,
    height: 60 + size * classes.length + 50,
    marginLeft: 100,
    marginTop: 20,
    marginBottom: 60,
    x: { label: "Predicted", domain: classes, tickRotate: -30 },
    y: { label: "True", domain: classes },
    color: { type: "linear", scheme: THEME.scheme, domain: [0, Math.max(max, 1e-9)] },
    marks: [
      Plot.cell(cells, { x: "predicted", y: "truth", fill: "value", inset: 0.5 }),
      Plot.cell(cells.filter((c) => c.truth === c.predicted), {
        x: "predicted",
        y: "truth",
        stroke: THEME.accent,
        strokeWidth: 1.5,
        inset: 1,
      }),
      Plot.text(cells, {
        x: "predicted",
        y: "truth",
        text: (d) => format(d.value),
        fill: (d) => (d.value > 0.55 * max ? "white" : THEME.ink),
      }),
    ],
  });
}

/**
 * `07_confusion_matrix`: counts of true (rows) against predicted (columns) classes; the diagonal (correct) outlined.
 *
 * @example
 * confusionMatrixChart(cm, classes);
 */
export function confusionMatrixChart(
  matrix: number[][],
  classes: readonly string[],
  options: { note?: string } = {},
): Chart {
  const total = matrix.flat().reduce((a, b) => a + b, 0), correct = matrix.reduce((s, r, i) => s + r[i], 0);
  return composeChart("07_confusion_matrix", "Confusion matrix", {
    title: "Confusion matrix (test set, counts)",
    subtitle: `${correct} of ${total} clips on the diagonal (${
      total ? ((100 * correct) / total).toFixed(1) : 0
    }% accuracy); rows are the true emotion`,
    panels: [matrixPanel(matrix, classes, (v) => String(v), Math.max(...matrix.flat()))],
    note: options.note,
  });
}

/**
 * `09_confusion_matrix_normalised`: each true class's row as percentages (its recall on the diagonal).
 *
 * @example
 * confusionMatrixNormalisedChart(normaliseRows(cm), classes);
 */
export function confusionMatrixNormalisedChart(
  percent: number[][],
  classes: readonly string[],
  options: { note?: string; name?: string; title?: string; subtitle?: string } = {},
): Chart {
  return composeChart(options.name ?? "09_confusion_matrix_normalised", "Confusion matrix (normalised)", {
    title: options.title ?? "Confusion matrix (test set, % of each true emotion)",
    subtitle: options.subtitle ?? "Each row sums to 100%; the diagonal is the per-class recall",
    panels: [matrixPanel(percent, classes, (v) => (v === 0 ? "0" : v.toFixed(v >= 10 ? 0 : 1)), 100)],
    note: options.note,
  });
}

/** Per-class scores (plain data). */
export interface ClassScoreRow {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * `08_per_class_accuracy`: recall per emotion (the seed's "accuracy" per class) with the overall accuracy as a line.
 *
 * @example
 * perClassAccuracyChart(rows, 0.62);
 */
export function perClassAccuracyChart(
  rows: readonly ClassScoreRow[],
  overallAccuracy: number,
  options: { note?: string } = {},
): Chart {
  const data = rows.map((r) => ({ ...r, color: colorOf(EMOTION_COLORS, r.label) }));
  const panel = plotPanel({
    height: 380,
    marginLeft: 56,
    marginRight: 110,
    marginTop: 30,
    marginBottom: 44,
    x: { label: "Emotion", domain: data.map((d) => d.label) },
    y: { label: "Recall (%)", percent: true, domain: [0, 112], ticks: [0, 20, 40, 60, 80, 100], grid: true },
    marks: [
      Plot.barY(data, { x: "label", y: (d) => d.recall, fill: "color" }),
      Plot.text(data, {
        x: "label",
        y: (d) => d.recall,
        text: (d) => `${(100 * d.recall).toFixed(1)}%\nn=${d.support}`,
        dy: -16,
        lineHeight: 1.15,
        fill: THEME.ink,
      }),
      Plot.ruleY([overallAccuracy], { stroke: THEME.accent, strokeWidth: 2, strokeDasharray: "6 4" }),
      // The label sits in the right margin so it never collides with the bars' own labels.
      Plot.text([overallAccuracy], {
        y: (d) => d,
        frameAnchor: "right",
        dx: 8,
        textAnchor: "start",
        lineHeight: 1.15,
        text: (d) => `overall\naccuracy\n${(100 * d).toFixed(1)}%`,
        fill: THEME.accent,
        fontWeight: "bold",
      }),
      Plot.ruleY([0]),
    ],
  });
  return composeChart("08_per_class_accuracy", "Per-class accuracy", {
    title: "Per-class accuracy (recall) on the test set",
    subtitle: "Share of each emotion's test clips classified correctly; n = test clips",
    panels: [panel],
    note: options.note,
  });
}

/**
 * `10_precision_recall_f1`: precision, recall and F1 side by side for each emotion.
 *
 * @example
 * precisionRecallF1Chart(rows);
 */
export function precisionRecallF1Chart(rows: readonly ClassScoreRow[], options: { note?: string } = {}): Chart {
  const metrics = ["precision", "recall", "F1"] as const;
  const colors: Record<string, string> = { precision: "#4e79a7", recall: "#f28e2b", F1: "#59a14f" };
  const long = rows.flatMap((r) => [
    { label: r.label, metric: "precision", value: r.precision },
    { label: r.label, metric: "recall", value: r.recall },
    { label: r.label, metric: "F1", value: r.f1 },
  ]).map((d) => ({ ...d, color: colors[d.metric] }));
  const panel = plotPanel({
    width: Math.max(THEME.width, 100 * rows.length),
    height: 380,
    marginLeft: 56,
    marginTop: 30,
    marginBottom: 44,
    fx: { label: "Emotion", domain: rows.map((r) => r.label), padding: 0.12 },
    x: { axis: null, domain: [...metrics] },
    y: { label: "Score (%)", percent: true, domain: [0, 105], grid: true },
    marks: [
      Plot.barY(long, { fx: "label", x: "metric", y: "value", fill: "color" }),
      Plot.text(long, {
        fx: "label",
        x: "metric",
        y: "value",
        text: (d) => (100 * d.value).toFixed(0),
        dy: -7,
        fontSize: 10,
        fill: THEME.ink,
      }),
      Plot.ruleY([0]),
    ],
  });
  return composeChart("10_precision_recall_f1", "Precision, recall and F1", {
    title: "Precision, recall and F1 per emotion (test set)",
    panels: [panel],
    legend: metrics.map((m) => ({ label: m, color: colors[m] })),
    note: options.note,
  });
}
