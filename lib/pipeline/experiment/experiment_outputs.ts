/**
 * An experiment's results: `results.csv` and `results.json` (one row per cell and mode: WA, UA, macro F1 as mean ± sd
 * over folds, UA's 95 % interval over speakers, the worst fold, run time, and the comparison with the reference cell
 * — the default family's, or the first — on the same clips: the UA difference, its interval, a paired p-value),
 * the chart `19_experiment_ua`, `report.html`, and beside them the experiment file and the versions it ran with.
 *
 * @module
 */
import { join } from "node:path";
import { type Chart, experimentChart, type ExperimentChartRow, renderRunReport } from "../../charts/mod.ts";
import { pairedComparison, type ScoredClip } from "../../eval/mod.ts";
import { parseCsv, writeCsv, writeFileAtomic } from "../../io/mod.ts";
import { DEFAULT_FAMILY, modelFamily, type UseModeName } from "../../model/mod.ts";
import type { ExperimentSpec } from "./experiment_file.ts";
import type { CellResult } from "./run_experiment.ts";

/** One row of the results table. */
export interface ExperimentRow {
  cell: string;
  protocol: string;
  model: string;
  feature_set: string;
  augment: number;
  augment_plan: string;
  balance: string;
  adversary: string;
  seed: number;
  mode: UseModeName;
  wa: number;
  wa_sd: number;
  ua: number;
  ua_sd: number;
  ua_ci_low: number | null;
  ua_ci_high: number | null;
  f1: number;
  f1_sd: number;
  worst_fold: string;
  worst_ua: number;
  folds: number;
  seconds: number;
  reference: string;
  ua_vs_reference: number | null;
  ua_vs_reference_low: number | null;
  ua_vs_reference_high: number | null;
  p_vs_reference: number | null;
}

/** A cell's predictions and summary as its cross-validation wrote them. */
interface CellFiles {
  rows: Record<string, string>[];
  summary: { models: { corpora?: unknown[]; per_fold?: unknown[] }[] };
}

/** Each cell's files, read once however many modes and comparisons use them. */
type CellFileCache = Map<string, Promise<CellFiles>>;

function cellFiles(r: CellResult, cache: CellFileCache): Promise<CellFiles> {
  let files = cache.get(r.dir);
  if (!files) {
    files = Promise.all([
      Deno.readTextFile(join(r.dir, "cv_predictions.csv")),
      Deno.readTextFile(join(r.dir, "cv_summary.json")),
    ]).then(([csv, json]) => ({ rows: parseCsv(csv), summary: JSON.parse(json) }));
    cache.set(r.dir, files);
  }
  return files;
}

/** A cell's scored clips in a mode, from its cv_predictions.csv, keyed by fold and path. */
async function clipsOf(
  r: CellResult,
  mode: string,
  cache: CellFileCache,
): Promise<Map<string, { speaker: string; truth: string; predicted: string }>> {
  const { rows, summary } = await cellFiles(r, cache);
  const col = `${r.cell.model}:${mode}`;
  // Only folds that scored the mode (as the cell's mean is): a fold answered wholly by the global model is left out.
  const folds = (summary.models[0].corpora ?? summary.models[0].per_fold) as {
    fold?: string;
    test_corpus?: string;
    modes: Record<string, { ua: number | null }>;
  }[];
  const scored = new Set(folds.filter((f) => f.modes[mode]?.ua != null).map((f) => f.test_corpus ?? f.fold));
  return new Map(
    rows.filter((p) => p[col] && scored.has(p.fold)).map((
      p,
    ) => [`${p.fold}\u0000${p.path}`, { speaker: p.speaker, truth: p.truth, predicted: p[col] }]),
  );
}

/** The reference of each cell: the default family's first cell with the same protocol and seed, else the first. */
function referenceOf(results: readonly CellResult[]): Map<string, CellResult> {
  const out = new Map<string, CellResult>();
  for (const r of results) {
    const same = results.filter((x) => x.cell.protocol === r.cell.protocol && x.cell.seed === r.cell.seed);
    out.set(r.cell.id, same.find((x) => x.cell.model === DEFAULT_FAMILY.name) ?? same[0]);
  }
  return out;
}

/** Compare a cell with its reference on the clips both scored in a mode. */
async function compare(a: CellResult, b: CellResult, mode: string, cache: CellFileCache) {
  const [ca, cb] = await Promise.all([clipsOf(a, mode, cache), clipsOf(b, mode, cache)]);
  const keys = [...ca.keys()].filter((k) => cb.has(k));
  if (!keys.length) return null;
  const labels = [...new Set(keys.map((k) => ca.get(k)!.truth))].sort();
  const scored = (c: typeof ca): ScoredClip[] =>
    keys.map((k) => {
      const v = c.get(k)!;
      return {
        speaker: v.speaker,
        fold: k.split("\u0000")[0],
        truth: labels.indexOf(v.truth),
        predicted: labels.indexOf(v.predicted),
      };
    });
  return pairedComparison(scored(ca), scored(cb), labels.length);
}

/** The results table: one row per cell and mode. */
export async function experimentRows(results: readonly CellResult[]): Promise<ExperimentRow[]> {
  const refs = referenceOf(results), rows: ExperimentRow[] = [], cache: CellFileCache = new Map();
  for (const r of results) {
    const ref = refs.get(r.cell.id)!;
    for (const [mode, s] of Object.entries(r.modes) as [UseModeName, NonNullable<CellResult["modes"][UseModeName]>][]) {
      const c = ref.cell.id !== r.cell.id && ref.modes[mode] ? await compare(ref, r, mode, cache) : null;
      rows.push({
        cell: r.cell.id,
        protocol: r.cell.protocol,
        model: r.cell.model,
        feature_set: modelFamily(r.cell.model).featureSet,
        augment: r.cell.augment,
        augment_plan: r.cell.augment ? r.cell.augmentPlan : "",
        balance: r.cell.balance ?? "none",
        adversary: r.cell.adversary ?? "none",
        seed: r.cell.seed,
        mode,
        wa: s.wa,
        wa_sd: s.waSd,
        ua: s.ua,
        ua_sd: s.uaSd,
        ua_ci_low: s.uaCi95?.[0] ?? null,
        ua_ci_high: s.uaCi95?.[1] ?? null,
        f1: s.f1,
        f1_sd: s.f1Sd,
        worst_fold: s.worst.fold,
        worst_ua: s.worst.ua,
        folds: r.folds,
        seconds: r.seconds,
        reference: ref.cell.id,
        ua_vs_reference: c?.difference.estimate ?? null,
        ua_vs_reference_low: c?.difference.low ?? null,
        ua_vs_reference_high: c?.difference.high ?? null,
        p_vs_reference: c?.p ?? null,
      });
    }
  }
  return rows;
}

/** The versions an experiment ran with (so that any row can be reproduced). */
async function versions(): Promise<Record<string, string | null>> {
  const git = await new Deno.Command("git", { args: ["rev-parse", "HEAD"], stdout: "piped", stderr: "null" }).output()
    .then((o) => (o.success ? new TextDecoder().decode(o.stdout).trim() : null), () => null);
  return { deno: Deno.version.deno, v8: Deno.version.v8, typescript: Deno.version.typescript, commit: git };
}

/**
 * Write an experiment's results into `out`.
 *
 * @returns The paths written.
 * @param file The experiment file (copied beside the results), or null for one built in code (its settings are).
 * @example
 * await writeExperimentOutputs(spec, "learners.toml", results, "outputs/experiments/learners");
 */
export async function writeExperimentOutputs(
  spec: ExperimentSpec,
  file: string | null,
  results: readonly CellResult[],
  out: string,
): Promise<{ csv: string; json: string; report: string; chart: string; rows: ExperimentRow[]; figure: Chart }> {
  const rows = await experimentRows(results);
  const paths = {
    csv: join(out, "results.csv"),
    json: join(out, "results.json"),
    report: join(out, "report.html"),
    chart: join(out, "charts", "19_experiment_ua.png"),
  };
  const columns = Object.keys(rows[0] ?? {}) as (keyof ExperimentRow)[];
  await writeCsv(paths.csv, columns, rows.map((r) => columns.map((c) => r[c])));
  const v = await versions();
  await writeFileAtomic(paths.json, JSON.stringify({ experiment: spec, versions: v, rows }, null, 2));
  // The file as it was run, or (an experiment built in code, as in notebook 08) its checked settings.
  if (file) await writeFileAtomic(join(out, "experiment.toml"), await Deno.readTextFile(file));
  else await writeFileAtomic(join(out, "experiment.json"), JSON.stringify(spec, null, 2));
  await writeFileAtomic(join(out, "versions.json"), JSON.stringify(v, null, 2));
  const chartRows: ExperimentChartRow[] = rows.map((r) => ({
    cell: r.cell,
    mode: r.mode,
    ua: r.ua,
    low: r.ua_ci_low,
    high: r.ua_ci_high,
    significant: r.p_vs_reference !== null && r.p_vs_reference < 0.05 ? (r.ua_vs_reference! > 0 ? 1 : -1) : 0,
  }));
  const references = new Set(rows.map((r) => r.reference));
  const chart = experimentChart(chartRows, {
    title: spec.name,
    reference: references.size === 1 ? [...references][0] : undefined,
  });
  await chart.save(join(out, "charts"));
  const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)}`);
  await writeFileAtomic(
    paths.report,
    renderRunReport({
      title: `Experiment: ${spec.name}`,
      summary: [
        ["Data", spec.data],
        ["Labels", spec.labels?.join(", ") ?? "as found"],
        ["Cells", `${results.length} (${results.filter((r) => r.computed).length} computed now)`],
        ["Versions", Object.entries(v).map(([k, x]) => `${k} ${x ?? "—"}`).join(" · ")],
      ],
      tables: [{
        caption: "Every cell and mode: UA % (mean ± sd over folds, 95 % interval over speakers), worst fold, and the " +
          "difference from the reference cell on the same clips (paired bootstrap)",
        columns: ["cell", "mode", "UA", "95 % CI", "worst", "Δ UA vs reference", "p", "s"],
        rows: rows.map((r) => [
          r.cell,
          r.mode,
          `${pct(r.ua)} ± ${pct(r.ua_sd)}`,
          `${pct(r.ua_ci_low)}–${pct(r.ua_ci_high)}`,
          `${pct(r.worst_ua)} (${r.worst_fold})`,
          r.ua_vs_reference === null
            ? "reference"
            : `${pct(r.ua_vs_reference)} [${pct(r.ua_vs_reference_low)}, ${pct(r.ua_vs_reference_high)}]`,
          r.p_vs_reference === null ? "" : r.p_vs_reference.toFixed(3),
          r.seconds.toFixed(0),
        ]),
      }],
      charts: [chart],
      skipped: [],
      skippedFile: join(out, "cells"),
    }),
  );
  return { ...paths, rows, figure: chart };
}
