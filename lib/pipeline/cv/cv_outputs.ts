/**
 * A cross-validation run's files: `cv_results.csv` (a row per model, fold and mode, then mean and sd rows),
 * `cv_summary.json`, `cv_predictions.csv` (every test clip's prediction in every mode), `manifest.csv` and
 * `skipped.csv`, the charts, and `report.html`.
 *
 * @module
 */
import { join } from "node:path";
import { writeManifest } from "../../data/mod.ts";
import { writeCsv, writeFileAtomic } from "../../io/mod.ts";
import { USE_MODES, type UseModeName } from "../../model/mod.ts";
import type { CvModelResult, CvRun } from "./cv_stage.ts";
import type { ReportTable } from "../../charts/mod.ts";

const pct = (v: number | null | undefined) => (v == null ? "—" : `${(100 * v).toFixed(1)} %`);
const pm = (s: { mean: number; sd: number } | undefined) =>
  s ? `${(100 * s.mean).toFixed(1)} ± ${(100 * s.sd).toFixed(1)} %` : "—";

/** A model's label in tables and charts: family, augmentation and adversary. */
export function cvLabel(r: Pick<CvModelResult, "model" | "augment" | "adversary">): string {
  return `${r.model}${r.augment ? ` +aug×${r.augment}` : ""}${r.adversary ? ` +adversary(${r.adversary})` : ""}`;
}

/** The mode the summary's top-level figures stand for: transductive when trained (as older readers expect). */
export function headlineMode(r: CvModelResult): UseModeName {
  return r.summary.transductive ? "transductive" : "global";
}

/** The columns of `cv_results.csv`, in order. */
export const CV_RESULT_COLUMNS = [
  "model",
  "mode",
  "augment",
  "fold",
  "test",
  "clips",
  "enrolment_clips",
  "answered_by_global",
  "wa",
  "ua",
  "macro_f1",
  "gender_accuracy",
  "val_speakers",
  "epochs",
  "best_epoch",
  "seconds",
] as const;

/** One row of `cv_results.csv`: a model in a mode on one fold (or its `mean` and `sd` over the folds). */
export type CvResultRow = Record<(typeof CV_RESULT_COLUMNS)[number], string | number | null>;

/**
 * The rows of `cv_results.csv`: for each model and mode, one per fold (or held-out corpus), then a mean and an sd row.
 *
 * @example
 * dataTable(cvResultRows(run).filter((r) => r.fold !== "sd"));
 */
export function cvResultRows(run: CvRun): CvResultRow[] {
  const rows: CvResultRow[] = [];
  for (const r of run.results) {
    for (const mode of r.modes) {
      const base = { model: r.model, mode, augment: r.augment };
      for (const f of r.folds) {
        const s = f.modes[mode];
        rows.push({
          ...base,
          fold: f.fold,
          test: f.name,
          clips: s?.scored ?? 0,
          enrolment_clips: s?.enrolmentClips ?? 0,
          answered_by_global: s?.fallback ?? 0,
          wa: s?.scores?.wa ?? null,
          ua: s?.scores?.ua ?? null,
          macro_f1: s?.scores?.macroF1 ?? null,
          gender_accuracy: f.genderAccuracy,
          val_speakers: f.valSpeakers.join(" "),
          epochs: f.epochs,
          best_epoch: f.bestEpoch,
          seconds: f.seconds,
        });
      }
      const sum = r.summary[mode];
      const clips = r.folds.reduce((n, f) => n + (f.modes[mode]?.scored ?? 0), 0);
      for (const which of ["mean", "sd"] as const) {
        rows.push({
          ...base,
          fold: which,
          test: which,
          clips,
          enrolment_clips: null,
          answered_by_global: null,
          wa: sum?.wa[which] ?? null,
          ua: sum?.ua[which] ?? null,
          macro_f1: sum?.f1[which] ?? null,
          gender_accuracy: r.genderAccuracy?.[which] ?? null,
          val_speakers: "",
          epochs: null,
          best_epoch: null,
          seconds: which === "mean" ? r.seconds : null,
        });
      }
    }
  }
  return rows;
}

/** `cv_results.csv`: {@linkcode cvResultRows}. */
async function writeResults(run: CvRun, path: string): Promise<void> {
  await writeCsv(path, [...CV_RESULT_COLUMNS], cvResultRows(run).map((row) => CV_RESULT_COLUMNS.map((c) => row[c])));
}

/**
 * A model's per-mode block: `{ global: { wa, ua, f1, …sd, folds, worst }, enrolled: …, transductive: … }`; `worst` is
 * the fold with the lowest UA (`{ corpus, ua }` for the corpus protocol, `{ fold, ua }` otherwise).
 */
function modesBlock(r: CvModelResult, protocol: string) {
  return Object.fromEntries(
    Object.entries(r.summary).map(([m, s]) => [m, {
      wa: s.wa.mean,
      ua: s.ua.mean,
      f1: s.f1.mean,
      wa_sd: s.wa.sd,
      ua_sd: s.ua.sd,
      f1_sd: s.f1.sd,
      folds: s.folds,
      worst: { [protocol === "corpus" ? "corpus" : "fold"]: s.worst.fold, ua: s.worst.ua },
      ua_ci95: s.uaInterval ? [s.uaInterval.low, s.uaInterval.high] : null,
    }]),
  );
}

/** Each fold's own per-mode block (for `corpus`, with `test_corpus`). */
function foldBlocks(run: CvRun, r: CvModelResult) {
  return r.folds.map((f) => ({
    ...(run.protocol === "corpus" ? { test_corpus: f.name } : { fold: f.name }),
    clips: f.n,
    train_clips: f.trainClips,
    val_speakers: f.valSpeakers,
    epochs: f.epochs,
    best_epoch: f.bestEpoch,
    modes: Object.fromEntries(
      Object.entries(f.modes).map(([m, s]) => [m, {
        wa: s?.scores?.wa ?? null,
        ua: s?.scores?.ua ?? null,
        f1: s?.scores?.macroF1 ?? null,
        clips: s?.scored ?? 0,
        enrolment_clips: s?.enrolmentClips ?? 0,
        answered_by_global: s?.fallback ?? 0,
        answers: s ? Object.fromEntries(run.classes.map((c, j) => [c, s.balance.predicted[j]])) : null,
        truth: s?.balance.truth ? Object.fromEntries(run.classes.map((c, j) => [c, s.balance.truth![j]])) : null,
        collapse: s?.balance.warning ?? null,
      }]),
    ),
    gender_accuracy: f.genderAccuracy,
    notes: f.notes,
  }));
}

/** `cv_summary.json`: the first model's headline (transductive, as older readers expect) and every model's modes. */
function summaryJson(run: CvRun, meta: { seed: number; started: Date; config: Record<string, unknown> }) {
  const first = run.results[0], head = first.summary[headlineMode(first)];
  return {
    protocol: run.protocol,
    model: first.model,
    mode: headlineMode(first),
    augment: first.augment,
    wa: head?.wa.mean ?? null,
    ua: head?.ua.mean ?? null,
    macro_f1: head?.f1.mean ?? null,
    wa_sd: head?.wa.sd ?? null,
    ua_sd: head?.ua.sd ?? null,
    folds: first.folds.length,
    modes: modesBlock(first, run.protocol),
    mode_meanings: Object.fromEntries(first.modes.map((m) => [m, USE_MODES[m].summary])),
    models: run.results.map((r) => ({
      model: r.model,
      augment: r.augment,
      adversary: r.adversary ?? "none",
      modes: modesBlock(r, run.protocol),
      [run.protocol === "corpus" ? "corpora" : "per_fold"]: foldBlocks(run, r),
      gender_accuracy: r.genderAccuracy,
      confusion: Object.fromEntries(Object.entries(r.summary).map(([m, s]) => [m, s.confusion])),
      notes: r.notes,
      seconds: r.seconds,
    })),
    comparisons: run.comparisons.map((c) => ({
      mode: c.mode,
      a: c.a,
      b: c.b,
      ua_a: c.uaA,
      ua_b: c.uaB,
      difference: c.difference.estimate,
      difference_ci95: [c.difference.low, c.difference.high],
      p: c.p,
      clips: c.clips,
    })),
    classes: run.classes,
    data: { ...run.source, corpora: run.corpora, clips: run.clips, skipped: run.discovery.skipped.length },
    notes: run.notes,
    seed: meta.seed,
    config: meta.config,
    timings_seconds: run.timings,
    started: meta.started.toISOString(),
    finished: new Date().toISOString(),
  };
}

/** `cv_predictions.csv`: every test clip, its truth, and each mode's prediction per model. */
async function writePredictions(run: CvRun, path: string): Promise<void> {
  const cols = run.results.flatMap((r) => r.modes.map((m) => `${r.model}:${m}`));
  const first = run.results[0].predictions;
  await writeCsv(
    path,
    ["path", "corpus", "speaker", "fold", "truth", ...cols],
    first.map((p, i) => [
      p.path,
      p.corpus,
      p.speaker,
      p.fold,
      p.truth,
      ...run.results.flatMap((r) => r.modes.map((m) => r.predictions[i]?.predicted[m] ?? "")),
    ]),
  );
}

/** The charts: every fold in every mode (`13_cv_folds`), and each mode's summed confusion (`14_cv_confusion_<mode>`). */
export async function cvCharts(run: CvRun) {
  const { cvConfusionChart, cvFoldsChart, featureDistributionChart, importanceChart } = await import(
    "../../charts/mod.ts"
  );
  const note = run.source.kind === "synthetic" ? "SYNTHETIC demo corpus: generated signals, not recordings" : undefined;
  const series = run.results.flatMap((r) =>
    Object.entries(r.summary).map(([m, s]) => ({
      label: `${cvLabel(r)} · ${m}`,
      folds: r.folds.map((f) => ({ name: f.name, value: f.modes[m as UseModeName]?.scores?.ua ?? null })),
      mean: s.ua,
    }))
  );
  const first = run.results[0];
  return [
    cvFoldsChart(series, { protocol: run.protocol, metric: "UA", note }),
    ...Object.entries(first.summary).map(([m, s]) =>
      cvConfusionChart(s.confusion, run.classes, {
        model: `${cvLabel(first)} · ${m}`,
        note,
        name: `14_cv_confusion_${m}`,
      })
    ),
    // With --explain: which feature groups matter, and the most telling column of the top three, per label.
    ...(first.importance ? [importanceChart(first.importance, { model: cvLabel(first), note })] : []),
    ...(first.topFeatures?.length
      ? [featureDistributionChart(first.topFeatures, { name: "21_top_feature_distributions", note })]
      : []),
  ];
}

/** `cv_importance.csv`: each model's feature groups, UA drop mean and sd over folds, most important first. */
async function writeImportance(run: CvRun, path: string): Promise<void> {
  const rows = run.results.flatMap((r) => (r.importance ?? []).map((g) => [r.model, g.group, g.drop, g.sd]));
  if (rows.length) await writeCsv(path, ["model", "group", "ua_drop", "ua_drop_sd"], rows);
}

/** The report's tables: every mode with its interval and worst fold, comparisons, per fold, collapses. */
function reportTables(run: CvRun): ReportTable[] {
  const modeRows = run.results.flatMap((r) =>
    r.modes.map((m) => {
      const s = r.summary[m];
      const worst = s ? `${pct(s.worst.ua)} (${s.worst.fold})` : "—";
      const ci = s?.uaInterval ? `${pct(s.uaInterval.low)}–${pct(s.uaInterval.high)}` : "—";
      return [cvLabel(r), USE_MODES[m].summary, pm(s?.wa), pm(s?.ua), ci, worst, pm(s?.f1)];
    })
  );
  const collapses = run.results.flatMap((r) =>
    r.folds.flatMap((f) =>
      r.modes.flatMap((m) => {
        const w = f.modes[m]?.balance.warning;
        return w ? [[f.name, cvLabel(r), m, w]] : [];
      })
    )
  );
  const perFold = run.results.map((r) => ({
    caption: `Per ${run.protocol === "corpus" ? "held-out corpus" : "fold"} — ${cvLabel(r)} (UA per mode)`,
    columns: [run.protocol === "corpus" ? "test corpus" : "fold", "clips", ...r.modes, "validation speakers", "epochs"],
    rows: r.folds.map((f) => [
      f.name,
      f.n,
      ...r.modes.map((m) => pct(f.modes[m]?.scores?.ua)),
      f.valSpeakers.join(", ") || "none (fixed epochs)",
      f.epochs,
    ]),
  }));
  const comparisons = run.comparisons.map((c) => [
    c.mode,
    c.b,
    c.a,
    pct(c.difference.estimate),
    `${pct(c.difference.low)}–${pct(c.difference.high)}`,
    c.p.toFixed(3),
  ]);
  return [
    {
      caption:
        "Every mode, mean ± sd over folds (WA = accuracy, UA = unweighted accuracy = macro recall) and the worst fold",
      columns: ["model", "mode", "WA", "UA", "UA 95 % CI (speakers)", "worst UA", "macro F1"],
      rows: modeRows,
    },
    ...(comparisons.length
      ? [{
        caption: "Each model against the first on the same clips: UA difference, its 95 % interval, paired p-value",
        columns: ["mode", "model", "against", "UA difference", "95 % CI", "p"],
        rows: comparisons,
      }]
      : []),
    ...perFold,
    ...(collapses.length
      ? [{
        caption: "Collapse: a label taking most answers, or a true label never answered",
        columns: [run.protocol === "corpus" ? "test corpus" : "fold", "model", "mode", "what"],
        rows: collapses,
      }]
      : []),
  ];
}

/** `report.html`: the modes side by side, per fold, and the charts. */
async function writeReport(
  run: CvRun,
  path: string,
  charts: Awaited<ReturnType<typeof cvCharts>>,
  meta: { seed: number; started: Date },
) {
  const { renderRunReport } = await import("../../charts/mod.ts");
  const first = run.results[0], head = first.summary[headlineMode(first)];
  await writeFileAtomic(
    path,
    renderRunReport({
      title: `Cross-validation (${run.protocol}) — ${cvLabel(first)}: UA ${pct(head?.ua.mean)} (${
        headlineMode(first)
      })`,
      banner: run.source.kind === "synthetic" ? `SYNTHETIC DATA: ${run.source.note}` : undefined,
      summary: [
        ["Data", run.source.note],
        [
          "Clips",
          `${run.clips.tested} tested once each; ${run.clips.trainOnly} on the training side only; ${run.clips.leftOut} left out`,
        ],
        ["Corpora", Object.entries(run.corpora).map(([k, v]) => `${k} ${v}`).join(", ")],
        ["Protocol", run.notes.join("; ")],
        ["Modes", first.modes.map((m) => USE_MODES[m].summary).join("; ")],
        ["Seed", String(meta.seed)],
        ["Timings", Object.entries(run.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")],
        ["Started", meta.started.toISOString()],
      ],
      tables: reportTables(run),
      charts,
      skipped: [],
      skippedFile: join(path, "..", "skipped.csv"),
    }),
  );
}

/**
 * Write a cross-validation run's outputs into `dir` (charts into `chartsDir`).
 *
 * @returns The written paths.
 * @example
 * await writeCvOutputs(run, "outputs/cv", "outputs/cv/charts", { seed: 42, started, config: {} });
 */
export async function writeCvOutputs(
  run: CvRun,
  dir: string,
  chartsDir: string,
  meta: { seed: number; started: Date; config: Record<string, unknown> },
): Promise<{ results: string; summary: string; predictions: string; report: string; skipped: string }> {
  const paths = {
    results: join(dir, "cv_results.csv"),
    summary: join(dir, "cv_summary.json"),
    predictions: join(dir, "cv_predictions.csv"),
    report: join(dir, "report.html"),
    skipped: join(dir, "skipped.csv"),
  };
  await writeResults(run, paths.results);
  await writeFileAtomic(paths.summary, JSON.stringify(summaryJson(run, meta), null, 2));
  await writePredictions(run, paths.predictions);
  await writeImportance(run, join(dir, "cv_importance.csv"));
  await writeManifest(dir, run.discovery, run.failures);
  const charts = await cvCharts(run);
  for (const ch of charts) await ch.save(chartsDir);
  await writeReport(run, paths.report, charts, meta);
  return paths;
}
