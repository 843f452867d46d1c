import { join } from "node:path";
import { writeCsv, writeFileAtomic } from "../io/mod.ts";
import type { CvRun } from "./cv_stage.ts";

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const pm = (s: { mean: number; sd: number }) => `${(100 * s.mean).toFixed(1)} ± ${(100 * s.sd).toFixed(1)} %`;

/** A model's label in tables and charts: family, normalisation, augmentation. */
export function cvLabel(r: CvRun["results"][number]): string {
  return `${r.model}${r.speakerNorm === "speaker" ? " (speaker norm)" : ""}${r.augment ? ` +aug×${r.augment}` : ""}`;
}

/**
 * Write a cross-validation run's outputs into `dir`: `cv_results.csv` (a row per model and fold, then mean and sd
 * rows), `cv_summary.json` (the first model's mean WA and UA at top level, with model and normalisation named, and
 * every model's figures), charts `13_cv_folds` and `14_cv_confusion` (SVG + PNG) in `chartsDir`, and `report.html`
 * with the cross-validation section.
 *
 * @returns The written paths.
 */
export async function writeCvOutputs(
  run: CvRun,
  dir: string,
  chartsDir: string,
  meta: { seed: number; started: Date; config: Record<string, unknown> },
): Promise<{ results: string; summary: string; report: string }> {
  const rows: (string | number | null)[][] = [];
  for (const r of run.results) {
    for (const f of r.folds) {
      rows.push([
        r.model,
        r.speakerNorm,
        r.augment,
        f.fold,
        f.name,
        f.n,
        f.scores.wa,
        f.scores.ua,
        f.scores.macroF1,
        f.fallback?.wa ?? null,
        f.fallback?.ua ?? null,
        f.genderAccuracy,
        f.valSpeakers.join(" "),
        f.bestEpoch,
        f.seconds,
      ]);
    }
    for (const which of ["mean", "sd"] as const) {
      rows.push([
        r.model,
        r.speakerNorm,
        r.augment,
        which,
        which,
        r.folds.reduce((s, f) => s + f.n, 0),
        r.wa[which],
        r.ua[which],
        r.macroF1[which],
        r.fallback?.wa[which] ?? null,
        r.fallback?.ua[which] ?? null,
        r.genderAccuracy?.[which] ?? null,
        "",
        null,
        which === "mean" ? r.seconds : null,
      ]);
    }
  }
  const results = join(dir, "cv_results.csv");
  await writeCsv(results, [
    "model",
    "speaker_norm",
    "augment",
    "fold",
    "test_speakers",
    "clips",
    "wa",
    "ua",
    "macro_f1",
    "fallback_wa",
    "fallback_ua",
    "gender_accuracy",
    "val_speakers",
    "best_epoch",
    "seconds",
  ], rows);
  const first = run.results[0];
  const summary = join(dir, "cv_summary.json");
  await writeFileAtomic(
    summary,
    JSON.stringify(
      {
        protocol: run.protocol,
        model: first.model,
        speaker_norm: first.speakerNorm,
        augment: first.augment,
        wa: first.wa.mean,
        ua: first.ua.mean,
        macro_f1: first.macroF1.mean,
        wa_sd: first.wa.sd,
        ua_sd: first.ua.sd,
        folds: first.folds.length,
        normalisation_note: first.speakerNorm === "speaker"
          ? "transductive: each test speaker's clips are standardised by that speaker's own (unlabelled) clips"
          : "none: one global scaler fitted on the training side",
        models: run.results.map((r) => ({
          model: r.model,
          speaker_norm: r.speakerNorm,
          augment: r.augment,
          wa: r.wa,
          ua: r.ua,
          macro_f1: r.macroF1,
          fallback: r.fallback,
          gender_accuracy: r.genderAccuracy,
          per_fold: r.folds.map((f) => ({ fold: f.name, clips: f.n, ...f.scores, fallback: f.fallback })),
          confusion: r.confusion,
          seconds: r.seconds,
        })),
        classes: run.classes,
        data: { ...run.source, corpora: run.corpora, clips: run.clips },
        notes: run.notes,
        seed: meta.seed,
        config: meta.config,
        timings_seconds: run.timings,
        started: meta.started.toISOString(),
        finished: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
  const note = run.source.kind === "synthetic" ? "SYNTHETIC demo corpus: generated signals, not recordings" : undefined;
  // Charts (Observable Plot, linkedom, resvg) are loaded only when drawn: ~45 MB that predict, timelines and the server
  // never need otherwise.
  const { cvConfusionChart, cvFoldsChart, renderRunReport } = await import("../charts/mod.ts");
  const charts = [
    cvFoldsChart(
      run.results.map((r) => ({
        label: cvLabel(r),
        folds: r.folds.map((f) => ({ name: f.name, wa: f.scores.wa, ua: f.scores.ua })),
        wa: r.wa,
        ua: r.ua,
      })),
      { protocol: run.protocol, note },
    ),
    cvConfusionChart(first.confusion, run.classes, { model: cvLabel(first), note }),
  ];
  for (const ch of charts) await ch.save(chartsDir);
  const report = join(dir, "report.html");
  await writeFileAtomic(
    report,
    renderRunReport({
      title: `Cross-validation (${run.protocol}) — ${cvLabel(first)}: WA ${pct(first.wa.mean)}, UA ${
        pct(first.ua.mean)
      }`,
      banner: run.source.kind === "synthetic" ? `SYNTHETIC DATA: ${run.source.note}` : undefined,
      summary: [
        ["Data", run.source.note],
        [
          "Clips",
          `${run.clips.tested} tested once each; ${run.clips.trainOnly} on the training side only; ${run.clips.leftOut} left out`,
        ],
        ["Corpora", Object.entries(run.corpora).map(([k, v]) => `${k} ${v}`).join(", ")],
        ["Protocol", run.notes.join("; ")],
        ["Seed", String(meta.seed)],
        ["Timings", Object.entries(run.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")],
        ["Started", meta.started.toISOString()],
      ],
      tables: [
        {
          caption: "Cross-validation: mean ± sd over folds (WA = accuracy, UA = unweighted accuracy = macro recall)",
          columns: ["model", "WA", "UA", "macro F1", "fallback WA (no speaker statistics)", "gender accuracy"],
          rows: run.results.map((r) => [
            cvLabel(r),
            pm(r.wa),
            pm(r.ua),
            pm(r.macroF1),
            r.fallback ? pm(r.fallback.wa) : "—",
            r.genderAccuracy ? pm(r.genderAccuracy) : "—",
          ]),
        },
        ...run.results.map((r) => ({
          caption: `Per fold — ${cvLabel(r)}`,
          columns: ["fold", "clips", "WA", "UA", "macro F1", "fallback WA", "validation speakers"],
          rows: r.folds.map((f) => [
            f.name,
            f.n,
            pct(f.scores.wa),
            pct(f.scores.ua),
            pct(f.scores.macroF1),
            f.fallback ? pct(f.fallback.wa) : "—",
            f.valSpeakers.join(", "),
          ]),
        })),
      ],
      charts,
      skipped: [],
      skippedFile: join(dir, "cv_results.csv"),
    }),
  );
  return { results, summary, report };
}
