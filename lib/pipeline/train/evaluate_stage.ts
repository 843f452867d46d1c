/**
 * Stage 3, evaluate: score the held-out test split in every trained use mode and write what a run reports —
 * metrics, predictions, the charts and `report.html` — beside a one-line summary per mode.
 *
 * @module
 */
import { join } from "node:path";
import { corpusCounts } from "../../data/mod.ts";
import {
  classificationReportTable,
  confusionMatrixTable,
  normaliseRows,
  perClassAccuracyTable,
} from "../../eval/mod.ts";
import { writeCsv, writeFileAtomic } from "../../io/mod.ts";
import { ARTIFACT_FILES, type EpochRecord, type ModelMetadata, USE_MODES } from "../../model/mod.ts";
import { type DataSource, defaults, type PipelineConfig, type PreparedData } from "./config.ts";
import { evaluateTestSplit, type TestEvaluation } from "./evaluate_test_split.ts";
import { writeRunJson, writeRunReport } from "./write_run_report.ts";
import type { TrainedRun } from "./train_stage.ts";
import type { ClassificationReport } from "../../eval/mod.ts";

/** What a finished run reports. */
export interface RunSummary {
  source: DataSource;
  classes: string[];
  counts: { train: number; val: number; test: number };
  /** The global mode's test accuracy (null with `--split none`: nothing was held out). */
  testAccuracy: number | null;
  testLoss: number | null;
  report: ClassificationReport | null;
  confusion: number[][];
  history: EpochRecord[];
  bestEpoch: number;
  timings: Record<string, number>;
  outputsDir: string;
  artifactsDir: string;
  chartsDir: string;
  backend: string;
  /** Further lines for the console summary (each mode's figures, gender accuracy, synthetic data). */
  extras: string[];
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

/** One line per mode: WA and UA on the test split, and what the mode needed. */
export function modeLines(ev: TestEvaluation): string[] {
  return ev.modes.map((m) => {
    const s = m.scores;
    const figures = s ? `WA ${pct(s.wa)}, UA ${pct(s.ua)} on ${m.scored} clips` : "not measured";
    const extra = [
      m.enrolmentClips ? `${m.enrolmentClips} enrolment clips not scored` : "",
      m.fallback ? `${m.fallback} answered by the global model` : "",
    ].filter(Boolean).join("; ");
    return `${m.mode.padEnd(13)} ${figures}${extra ? ` (${extra})` : ""}`;
  });
}

/** `classification_report.csv`, `confusion_matrix.csv`, `per_class_accuracy.csv`, `test_predictions.csv`. */
async function writeMetricTables(out: string, data: PreparedData, ev: TestEvaluation): Promise<void> {
  const K = data.classes.length;
  for (
    const [name, table] of [
      ["classification_report.csv", classificationReportTable(ev.report)],
      ["confusion_matrix.csv", confusionMatrixTable(ev.confusion, data.classes)],
      ["per_class_accuracy.csv", perClassAccuracyTable(ev.report)],
    ] as const
  ) await writeCsv(join(out, name), table.columns, table.rows);
  const modes = ev.modes.slice(1);
  await writeCsv(
    join(out, "test_predictions.csv"),
    ["path", "speaker", "true", "predicted", "confidence", ...modes.map((m) => `predicted_${m.mode}`)],
    ev.rows.map((r, k) => [
      data.rows[r].path,
      data.rows[r].speaker,
      data.classes[data.y[r]],
      data.classes[ev.predicted[k]],
      ev.probabilities[k * K + ev.predicted[k]],
      ...modes.map((m) => (m.predicted[k] >= 0 ? data.classes[m.predicted[k]] : "")),
    ]),
  );
}

/** `test_results.json`: the global mode's figures at top level (as before), every mode under `modes`. */
async function writeTestResults(out: string, data: PreparedData, run: TrainedRun, ev: TestEvaluation) {
  const modes = Object.fromEntries(ev.modes.map((m) => [m.mode, {
    wa: m.scores?.wa ?? null,
    ua: m.scores?.ua ?? null,
    f1: m.scores?.macroF1 ?? null,
    clips: m.scored,
    enrolment_clips: m.enrolmentClips,
    answered_by_global: m.fallback,
    meaning: USE_MODES[m.mode].summary,
  }]));
  await writeFileAtomic(
    join(out, "test_results.json"),
    JSON.stringify(
      {
        test_accuracy: ev.accuracy,
        test_loss: ev.loss,
        num_test_samples: ev.rows.length,
        num_classes: data.classes.length,
        classes: data.classes,
        unweighted_accuracy: ev.ua,
        macro_f1: ev.report.macro.f1,
        mode: "global",
        data_source: data.source.kind,
        model_family: run.fitted.family.name,
        modes,
        gender_accuracy: ev.genderAccuracy,
      },
      null,
      2,
    ),
  );
}

/** The seed's charts 01–11, saved; loaded only when drawn (Plot, linkedom and resvg: ~45 MB predict never needs). */
async function drawRunCharts(data: PreparedData, run: TrainedRun, ev: TestEvaluation | null, chartsDir: string) {
  const { runCharts } = await import("../../charts/mod.ts");
  const empty = data.classes.map(() => data.classes.map(() => 0));
  const charts = runCharts({
    ...corpusCounts(data.rows),
    history: run.history.map((h) => ({ ...h, epoch: h.epoch + 1 })),
    bestEpoch: run.bestEpoch + 1,
    classes: data.classes,
    confusion: ev?.confusion ?? empty,
    confusionPercent: normaliseRows(ev?.confusion ?? empty),
    scores: data.classes.map((label, i) => ({
      label,
      ...(ev?.report.perClass[i] ?? { precision: 0, recall: 0, f1: 0, support: 0 }),
    })),
    accuracy: ev?.accuracy ?? 0,
    testCounts: data.classes.map((label, i) => ({ label, count: ev?.report.perClass[i].support ?? 0 })),
    note: data.source.kind === "synthetic"
      ? "SYNTHETIC demo corpus: generated signals, not recordings of people"
      : undefined,
  });
  for (const chart of charts) await chart.save(chartsDir);
  return charts;
}

/**
 * Evaluate a trained run on the test split in every trained mode and write everything a reader looks at: metrics
 * tables (`classification_report.csv`, `confusion_matrix.csv`, `per_class_accuracy.csv`, `test_predictions.csv`,
 * `test_results.json`), the seed's charts 01–11, `report.html`, `run.json`, `file_summary.txt`, and the test results
 * in `model_metadata.json`. With nothing held out (`--split none`) only the training outputs are written.
 *
 * @example
 * const summary = await evaluateStage(data, run);
 */
export async function evaluateStage(
  data: PreparedData,
  run: TrainedRun,
  config: PipelineConfig = {},
  started = new Date(),
): Promise<RunSummary> {
  const c = defaults(config), timings = { ...data.timings, ...run.timings };
  let t = performance.now();
  const ev = run.counts.test > 0 ? evaluateTestSplit(data, run, config) : null;
  timings.evaluate = (performance.now() - t) / 1000;
  const extras = ev ? modeLines(ev) : ["no test split (--split none): every clip trained; cv measures the recipe"];
  if (ev?.genderAccuracy != null) extras.push(`gender        ${pct(ev.genderAccuracy)} correct`);
  for (const l of extras) c.log(`test: ${l}`);
  const metadata: ModelMetadata = { ...run.metadata, test_accuracy: ev?.accuracy ?? null, test_loss: ev?.loss ?? null };
  await writeFileAtomic(join(c.artifactsDir, ARTIFACT_FILES.metadata), JSON.stringify(metadata, null, 2));
  if (ev) {
    await writeMetricTables(c.outputsDir, data, ev);
    await writeTestResults(c.outputsDir, data, run, ev);
  }
  t = performance.now();
  const charts = await drawRunCharts(data, run, ev, c.chartsDir);
  timings.charts = (performance.now() - t) / 1000;
  await writeRunReport({ data, run, ev, metadata, charts, config, started, timings });
  await writeRunJson({ data, run, ev, metadata, config, started, timings });
  return {
    source: data.source,
    classes: data.classes,
    counts: run.counts,
    testAccuracy: ev?.accuracy ?? null,
    testLoss: ev?.loss ?? null,
    report: ev?.report ?? null,
    confusion: ev?.confusion ?? [],
    history: run.history,
    bestEpoch: run.bestEpoch,
    timings,
    outputsDir: c.outputsDir,
    artifactsDir: c.artifactsDir,
    chartsDir: c.chartsDir,
    backend: metadata.backend,
    extras,
  };
}
