import { join } from "node:path";
import { resamplerInfo } from "../audio/resample.ts";
import { audioDecoders } from "../audio/audio_reader.ts";
import { corpusCounts, countBy } from "../data/mod.ts";
import {
  argmaxRows,
  type ClassificationReport,
  classificationReport,
  classificationReportTable,
  confusionMatrix,
  confusionMatrixTable,
  foldScores,
  normalizeRows,
  perClassAccuracyTable,
} from "../eval/mod.ts";
import { writeCsv, writeFileAtomic } from "../io/mod.ts";
import type { EpochRecord, ModelMetadata } from "../model/mod.ts";
import { type DataSource, defaults, type PipelineConfig, type PreparedData } from "./config.ts";
import { decodersUsed, partRows, type TrainedRun } from "./train_stage.ts";
import { predictFamily, predictGender } from "./_fit.ts";
/** What a finished run reports. */
export interface RunSummary {
  source: DataSource;
  classes: string[];
  counts: { train: number; val: number; test: number };
  testAccuracy: number;
  testLoss: number;
  report: ClassificationReport;
  confusion: number[][];
  history: EpochRecord[];
  bestEpoch: number;
  timings: Record<string, number>;
  outputsDir: string;
  artifactsDir: string;
  chartsDir: string;
  backend: string;
  /** Further lines for the console summary (normalisation, fallback and gender accuracy). */
  extras: string[];
}

/** Test-split predictions of a trained run: the main model (speaker-normalised where it can be), the fallback, gender. */
export function evaluateTest(data: PreparedData, run: TrainedRun): {
  rows: number[];
  y: Int32Array;
  probabilities: Float32Array;
  accuracy: number;
  loss: number;
  normalised: number;
  fallbackAccuracy: number | null;
  genderAccuracy: number | null;
} {
  const rows = partRows(data, "test"), dim = data.table.dim, K = data.classes.length;
  const x = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => x.set(data.table.data.subarray(r * dim, (r + 1) * dim), k * dim));
  const y = Int32Array.from(rows, (r) => data.y[r]);
  const groups = rows.map((r) => data.rows[r].speaker);
  const p = predictFamily(run.fitted, x, dim, groups, K);
  const accuracyOf = (probs: Float32Array) => {
    const pred = argmaxRows(probs, K);
    return y.reduce((s, v, i) => s + (pred[i] === v ? 1 : 0), 0) / Math.max(1, y.length);
  };
  let loss = 0;
  y.forEach((v, i) => (loss -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, p.probabilities[i * K + v])))));
  const fallbackAccuracy = run.fitted.speakerNorm === "speaker"
    ? accuracyOf(predictFamily(run.fitted, x, dim, null, K).probabilities)
    : null;
  let genderAccuracy: number | null = null;
  const g = predictGender(run.fitted, x, dim);
  if (g && run.fitted.gender) {
    const known = rows.map((r, i) => [i, run.fitted.gender!.classes.indexOf(data.rows[r].gender)]).filter(([, c]) =>
      c >= 0
    );
    if (known.length) {
      genderAccuracy = known.filter(([i, c]) => (g[2 * i + 1] > g[2 * i] ? 1 : 0) === c).length / known.length;
    }
  }
  return {
    rows,
    y,
    probabilities: p.probabilities,
    accuracy: accuracyOf(p.probabilities),
    loss: loss / Math.max(1, y.length),
    normalised: p.speakerNormalised.filter(Boolean).length,
    fallbackAccuracy,
    genderAccuracy,
  };
}

/**
 * Evaluate a trained run on the test split and write everything a reader looks at: metrics tables
 * (`classification_report.csv`, `confusion_matrix.csv`, `per_class_accuracy.csv`, `test_predictions.csv`,
 * `test_results.json`), the seed's charts 01–11 (SVG + PNG), `report.html`, `run.json`, `file_summary.txt`, and the
 * test results in `model_metadata.json`.
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
  const c = defaults(config);
  const timings = { ...data.timings, ...run.timings };
  let t = performance.now();
  const counts = run.counts;
  const K = data.classes.length;
  const ev = evaluateTest(data, run);
  const test = { idx: ev.rows, y: ev.y };
  const pred = argmaxRows(ev.probabilities, K);
  const cm = confusionMatrix(test.y, pred, K);
  const report = classificationReport(cm, data.classes);
  const scores = foldScores(cm);
  timings.evaluate = (performance.now() - t) / 1000;
  t = performance.now();
  c.log(
    `test: accuracy ${(100 * ev.accuracy).toFixed(2)} % (UA ${(100 * scores.ua).toFixed(2)} %), loss ${
      ev.loss.toFixed(4)
    } on ${counts.test} clips${data.source.kind === "synthetic" ? " (SYNTHETIC data)" : ""}`,
  );
  if (run.fitted.speakerNorm === "speaker") {
    c.log(
      `  ${ev.normalised} of ${counts.test} test clips speaker-normalised with their own speaker's clips (transductive); ` +
        `the global fallback alone scores ${(100 * ev.fallbackAccuracy!).toFixed(2)} %`,
    );
  }
  if (ev.genderAccuracy !== null) c.log(`  gender: ${(100 * ev.genderAccuracy).toFixed(1)} % correct`);
  const out = c.outputsDir;
  const metadata: ModelMetadata = { ...run.metadata, test_accuracy: ev.accuracy, test_loss: ev.loss };
  await writeFileAtomic(join(c.artifactsDir, "model_metadata.json"), JSON.stringify(metadata, null, 2));
  for (
    const [name, table] of [
      ["classification_report.csv", classificationReportTable(report)],
      ["confusion_matrix.csv", confusionMatrixTable(cm, data.classes)],
      ["per_class_accuracy.csv", perClassAccuracyTable(report)],
    ] as const
  ) await writeCsv(join(out, name), table.columns, table.rows);
  await writeCsv(
    join(out, "test_predictions.csv"),
    ["path", "true", "predicted", "confidence"],
    test.idx.map((
      r,
      k,
    ) => [
      data.rows[r].path,
      data.classes[test.y[k]],
      data.classes[pred[k]],
      ev.probabilities[k * K + pred[k]],
    ]),
  );
  await writeFileAtomic(
    join(out, "test_results.json"),
    JSON.stringify(
      {
        test_accuracy: ev.accuracy,
        test_loss: ev.loss,
        num_test_samples: counts.test,
        num_classes: data.classes.length,
        classes: data.classes,
        data_source: data.source.kind,
        unweighted_accuracy: scores.ua,
        macro_f1: scores.macroF1,
        model_family: run.fitted.family.name,
        normalization: run.fitted.speakerNorm === "speaker"
          ? "speaker: each test speaker's clips standardised by that speaker's own statistics (transductive)"
          : "global scaler",
        speaker_normalised_clips: ev.normalised,
        fallback_accuracy: ev.fallbackAccuracy,
        gender_accuracy: ev.genderAccuracy,
      },
      null,
      2,
    ),
  );
  timings.outputs = (performance.now() - t) / 1000;
  t = performance.now();
  const note = data.source.kind === "synthetic"
    ? "SYNTHETIC demo corpus: generated signals, not recordings of people"
    : undefined;
  // Charts (Observable Plot, linkedom, resvg) are loaded only when drawn: ~45 MB that predict, timelines and the server
  // never need otherwise.
  const { renderRunReport, runCharts } = await import("../charts/mod.ts");
  const charts = runCharts({
    ...corpusCounts(data.rows),
    history: run.history.map((h) => ({ ...h, epoch: h.epoch + 1 })),
    bestEpoch: run.bestEpoch + 1,
    classes: data.classes,
    confusion: cm,
    confusionPercent: normalizeRows(cm),
    scores: data.classes.map((label, i) => ({ label, ...report.perClass[i] })),
    accuracy: ev.accuracy,
    testCounts: data.classes.map((label, i) => ({ label, count: report.perClass[i].support })),
    note,
  });
  for (const chart of charts) await chart.save(c.chartsDir);
  timings.charts = (performance.now() - t) / 1000;
  const skippedAll = [...data.discovery.skipped, ...data.table.failures];
  const reasons = countBy(skippedAll.map((s) => s.reason.replace(/"[^"]*"/g, "“…”").replace(/^\S+\.wav: /, "")));
  const crt = classificationReportTable(report);
  await writeFileAtomic(
    join(out, "report.html"),
    renderRunReport({
      title: `Speech emotion recognition run — ${(100 * ev.accuracy).toFixed(2)} % test accuracy`,
      banner: data.source.kind === "synthetic" ? `SYNTHETIC DATA: ${data.source.note}` : undefined,
      summary: [
        ["Data", data.source.note],
        ["Data kind", data.source.kind === "synthetic" ? "synthetic (generated demo corpus)" : "real recordings"],
        ["Clips", `${data.rows.length} with features; ${skippedAll.length} skipped`],
        [
          "Split",
          `${c.split}: train ${counts.train}, val ${counts.val}, test ${counts.test} — ${data.splitNotes.join("; ")}`,
        ],
        ["Seed", String(metadata.seed)],
        [
          "Model",
          `${metadata.architecture}; ${metadata.total_parameters.toLocaleString("en-US")} parameters (${
            metadata.trainable_parameters.toLocaleString("en-US")
          } trainable)`,
        ],
        [
          "Training",
          `${run.history.length} epochs (best val_loss at epoch ${run.bestEpoch + 1}${
            run.stoppedEarly ? ", stopped early" : ""
          }); backend ${metadata.backend}`,
        ],
        [
          "Test",
          `accuracy ${(100 * ev.accuracy).toFixed(2)} %, loss ${ev.loss.toFixed(4)}, macro F1 ${
            (100 * report.macro.f1).toFixed(2)
          } %`,
        ],
        ["Features", `195 librosa-identical features; resampler ${metadata.resampler}`],
        ["Timings", Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")],
        ["Versions", Object.entries(metadata.versions).map(([k, v]) => `${k} ${v}`).join(" · ")],
        ["Started", started.toISOString()],
      ],
      tables: [
        {
          caption: "Classification report (test set)",
          columns: ["class", ...crt.columns.slice(1)],
          rows: crt.rows.map((r) => r.map((x) => (typeof x === "number" ? x : String(x ?? "")))),
        },
        {
          caption: "Test results",
          columns: ["metric", "value"],
          rows: [["accuracy", ev.accuracy], ["loss", ev.loss], ["test clips", counts.test], [
            "classes",
            data.classes.length,
          ]],
        },
      ],
      charts,
      skipped: reasons.map(([reason, count]) => ({ reason, count })),
      skippedFile: join(out, "skipped.csv"),
    }),
  );
  await writeFileAtomic(
    join(out, "run.json"),
    JSON.stringify(
      {
        started: started.toISOString(),
        finished: new Date().toISOString(),
        config: {
          dataDir: c.dataDir,
          split: c.split,
          epochs: c.epochs,
          seed: c.seed,
          workers: config.workers ?? navigator.hardwareConcurrency,
          cacheDir: c.cacheDir,
        },
        data_source: data.source,
        counts: { clips: data.rows.length, skipped: skippedAll.length, ...counts },
        split_notes: data.splitNotes,
        resampler: resamplerInfo(),
        decoders: { ...(await audioDecoders()), ...decodersUsed(data) },
        features: { set: data.table.featureSet, config: metadata.feature_config, revision: metadata.feature_revision },
        model: {
          family: run.fitted.family.name,
          speaker_norm: run.fitted.speakerNorm,
          members: run.fitted.family.members,
          gender_model: run.fitted.gender !== null,
        },
        backend: metadata.backend,
        versions: metadata.versions,
        timings_seconds: timings,
        best_epoch: run.bestEpoch + 1,
        stopped_early: run.stoppedEarly,
        test: { accuracy: ev.accuracy, loss: ev.loss },
      },
      null,
      2,
    ),
  );
  await writeFileSummary(out, c.chartsDir, c.artifactsDir);
  return {
    source: data.source,
    classes: data.classes,
    counts,
    testAccuracy: ev.accuracy,
    testLoss: ev.loss,
    report,
    confusion: cm,
    history: run.history,
    bestEpoch: run.bestEpoch,
    timings,
    outputsDir: out,
    artifactsDir: c.artifactsDir,
    chartsDir: c.chartsDir,
    backend: metadata.backend,
    extras: [
      `model          ${run.fitted.family.name} (speaker normalisation ${run.fitted.speakerNorm})`,
      ...(ev.fallbackAccuracy !== null
        ? [`fallback       ${(100 * ev.fallbackAccuracy).toFixed(2)} % (global model, for clips of unknown speakers)`]
        : []),
      ...(ev.genderAccuracy !== null ? [`gender         ${(100 * ev.genderAccuracy).toFixed(2)} % correct`] : []),
    ],
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, prefix: string) {
    for await (const e of Deno.readDir(d)) {
      if (e.isDirectory) await walk(join(d, e.name), `${prefix}${e.name}/`);
      else if (e.name !== "README.md") out.push(`${prefix}${e.name}`);
    }
  }
  await walk(dir, "").catch(() => {});
  return out.sort();
}

/** `file_summary.txt`: what the run left in charts/, outputs/ and artifacts/, with a timestamp. */
async function writeFileSummary(outputsDir: string, chartsDir: string, artifactsDir: string): Promise<void> {
  const lines = [`Speech emotion recognition run — file summary`, `Generated: ${new Date().toISOString()}`, ""];
  for (const [label, dir] of [["Charts", chartsDir], ["Outputs", outputsDir], ["Artifacts", artifactsDir]] as const) {
    const files = (await listFiles(dir)).filter((f) => f !== "file_summary.txt");
    if (label === "Outputs") files.push("file_summary.txt");
    lines.push(`${label} (${dir}/): ${files.length} files`, ...files.sort().map((f) => `  ${f}`), "");
  }
  await writeFileAtomic(join(outputsDir, "file_summary.txt"), lines.join("\n"));
}
