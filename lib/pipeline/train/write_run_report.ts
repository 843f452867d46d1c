/**
 * A training run's reader-facing records: `report.html` (summary, every mode's figures, the classification report,
 * every chart), `run.json` (configuration, data, decoders, versions, timings) and `file_summary.txt`.
 *
 * @module
 */
import { join } from "node:path";
import { resamplerInfo } from "../../audio/resample.ts";
import { audioDecoders } from "../../audio/audio_reader.ts";
import type { Chart } from "../../charts/chart.ts";
import { countBy } from "../../data/mod.ts";
import { classificationReportTable } from "../../eval/mod.ts";
import { FEATURE_SETS } from "../../features/feature_sets.ts";
import { writeFileAtomic } from "../../io/mod.ts";
import { type ModelMetadata, USE_MODES } from "../../model/mod.ts";
import { defaults, type PipelineConfig, type PreparedData } from "./config.ts";
import type { TestEvaluation } from "./evaluate_test_split.ts";
import { decodersUsed } from "./run_metadata.ts";
import type { TrainedRun } from "./train_stage.ts";

/** Everything the run's records are written from. */
export interface RunRecord {
  data: PreparedData;
  run: TrainedRun;
  ev: TestEvaluation | null;
  metadata: ModelMetadata;
  config: PipelineConfig;
  started: Date;
  timings: Record<string, number>;
}

const pct = (v: number | null | undefined) => (v == null ? "—" : `${(100 * v).toFixed(2)} %`);

/** The report's key facts, worded from the family, its feature set and its modes. */
function summaryRows(r: RunRecord): [string, string][] {
  const { data, run, ev, metadata } = r, c = defaults(r.config), counts = run.counts;
  const skipped = data.discovery.skipped.length + data.table.failures.length;
  const family = run.fitted.family;
  return [
    ["Data", data.source.note],
    ["Data kind", data.source.kind === "synthetic" ? "synthetic (generated demo corpus)" : "real recordings"],
    ["Clips", `${data.rows.length} with features; ${skipped} skipped`],
    [
      "Split",
      `${c.split}: train ${counts.train}, val ${counts.val}, test ${counts.test} — ${data.splitNotes.join("; ")}`,
    ],
    ["Seed", String(metadata.seed)],
    [
      "Model",
      `${family.name}: ${metadata.architecture}; ${metadata.total_parameters.toLocaleString("en-US")} parameters (${
        metadata.trainable_parameters.toLocaleString("en-US")
      } trainable)`,
    ],
    ["Modes", (metadata.modes ?? []).map((m) => USE_MODES[m as keyof typeof USE_MODES]?.summary ?? m).join("; ")],
    [
      "Training",
      `${run.history.length} epochs (${
        c.split === "none" ? "fixed, nothing held out" : `best val_loss at epoch ${run.bestEpoch + 1}`
      }${run.stoppedEarly ? ", stopped early" : ""}); backend ${metadata.backend}`,
    ],
    [
      "Test (global mode)",
      ev ? `accuracy ${pct(ev.accuracy)}, UA ${pct(ev.ua)}, macro F1 ${pct(ev.report.macro.f1)}` : "no test split",
    ],
    ["Features", `${FEATURE_SETS[family.featureSet].summary}; resampler ${metadata.resampler}`],
    ["Timings", Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")],
    ["Versions", Object.entries(metadata.versions).map(([k, v]) => `${k} ${v}`).join(" · ")],
    ["Started", r.started.toISOString()],
  ];
}

/** `report.html`. */
export async function writeRunReport(r: RunRecord & { charts: Chart[] }): Promise<void> {
  const { data, ev } = r, c = defaults(r.config);
  const skippedAll = [...data.discovery.skipped, ...data.table.failures];
  const reasons = countBy(skippedAll.map((s) => s.reason.replace(/"[^"]*"/g, "“…”").replace(/^\S+\.wav: /, "")));
  const crt = ev ? classificationReportTable(ev.report) : null;
  const { renderRunReport } = await import("../../charts/mod.ts");
  const title = ev
    ? `Speech emotion recognition run — ${(100 * ev.accuracy).toFixed(2)} % test accuracy (global mode)`
    : "Speech emotion recognition run — trained on every clip (no test split)";
  await writeFileAtomic(
    join(c.outputsDir, "report.html"),
    renderRunReport({
      title,
      banner: data.source.kind === "synthetic" ? `SYNTHETIC DATA: ${data.source.note}` : undefined,
      summary: summaryRows(r),
      tables: ev
        ? [
          {
            caption: "Test split in every trained mode (WA = accuracy, UA = unweighted accuracy = macro recall)",
            columns: ["mode", "WA", "UA", "macro F1", "clips scored", "enrolment clips", "answered by global"],
            rows: ev.modes.map((m) => [
              USE_MODES[m.mode].summary,
              pct(m.scores?.wa),
              pct(m.scores?.ua),
              pct(m.scores?.macroF1),
              m.scored,
              m.enrolmentClips,
              m.fallback,
            ]),
          },
          {
            caption: "Classification report (test set, global mode)",
            columns: ["class", ...crt!.columns.slice(1)],
            rows: crt!.rows.map((row) => row.map((x) => (typeof x === "number" ? x : String(x ?? "")))),
          },
        ]
        : [],
      charts: r.charts,
      skipped: reasons.map(([reason, count]) => ({ reason, count })),
      skippedFile: join(c.outputsDir, "skipped.csv"),
    }),
  );
}

/** `run.json` and `file_summary.txt`. */
export async function writeRunJson(r: RunRecord): Promise<void> {
  const { data, run, ev, metadata, config } = r, c = defaults(config);
  const skipped = data.discovery.skipped.length + data.table.failures.length;
  const json = {
    started: r.started.toISOString(),
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
    counts: { clips: data.rows.length, skipped, ...run.counts },
    split_notes: data.splitNotes,
    resampler: resamplerInfo(),
    decoders: { ...(await audioDecoders()), ...decodersUsed(data) },
    features: { set: data.table.featureSet, config: metadata.feature_config, revision: metadata.feature_revision },
    model: {
      family: run.fitted.family.name,
      modes: metadata.modes,
      members: run.fitted.family.members,
      gender_model: run.fitted.gender !== null,
    },
    backend: metadata.backend,
    versions: metadata.versions,
    timings_seconds: r.timings,
    best_epoch: run.bestEpoch + 1,
    stopped_early: run.stoppedEarly,
    test: ev
      ? {
        accuracy: ev.accuracy,
        loss: ev.loss,
        modes: Object.fromEntries(ev.modes.map((m) => [m.mode, m.scores])),
      }
      : null,
  };
  await writeFileAtomic(join(c.outputsDir, "run.json"), JSON.stringify(json, null, 2));
  await writeFileSummary(c.outputsDir, c.chartsDir, c.artifactsDir);
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
