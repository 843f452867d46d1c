/**
 * Running an experiment: each cell of the grid is one cross-validation (`crossValidate`) whose outputs go to
 * `<out>/cells/<id>/`; a cell is finished when its `cell.json` is written (atomically, last), so a run that is killed
 * and started again runs only the cells that are missing. The feature cache is shared by every cell.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../io/mod.ts";
import type { UseModeName } from "../../model/mod.ts";
import { crossValidate, type CvConfig, type CvRun } from "../cv/cv_stage.ts";
import { writeCvOutputs } from "../cv/cv_outputs.ts";
import { type ExperimentCell, experimentCells, type ExperimentSpec } from "./experiment_file.ts";

/** What a finished cell recorded: per mode mean ± sd, the interval and the worst fold; its run time. */
export interface CellResult {
  cell: ExperimentCell;
  modes: Partial<
    Record<UseModeName, {
      wa: number;
      waSd: number;
      ua: number;
      uaSd: number;
      f1: number;
      f1Sd: number;
      uaCi95: [number, number] | null;
      worst: { fold: string; ua: number };
    }>
  >;
  folds: number;
  seconds: number;
  /** The cell's own outputs (cv_summary.json, cv_predictions.csv, report.html). */
  dir: string;
  /** True when this run computed it (false: found finished from an earlier run). */
  computed: boolean;
}

/** Options of {@linkcode runExperiment}. */
export interface RunExperimentOptions {
  /** Where the results go. */
  out: string;
  /** Per cell: started (with its index) and finished. */
  onCell?: (e: { index: number; cells: number; cell: ExperimentCell; result?: CellResult }) => void;
  /** Per fold of a cell, as `cv` reports it. */
  onFold?: (line: string) => void;
  /** Extraction workers. */
  workers?: number;
}

/** The settings a finished cell must have been run with to be reused. */
function cellKey(spec: ExperimentSpec, cell: ExperimentCell): string {
  return JSON.stringify({
    cell,
    data: spec.data,
    labels: spec.labels,
    merge: spec.merge,
    test: spec.test,
    modes: spec.modes,
    epochs: spec.epochs,
  });
}

/** A finished cell from an earlier run, when its settings are the same (else null). */
export async function finishedCell(
  spec: ExperimentSpec,
  cell: ExperimentCell,
  dir: string,
): Promise<CellResult | null> {
  try {
    const saved = JSON.parse(await Deno.readTextFile(join(dir, "cell.json")));
    return saved.key === cellKey(spec, cell) ? { ...saved.result, computed: false } : null;
  } catch {
    return null;
  }
}

/**
 * The cross-validation settings of one cell (without callbacks or output folders): what a queue worker runs for it.
 *
 * @example
 * const config = cellConfig(spec, experimentCells(spec)[0]);
 */
export function cellConfig(spec: ExperimentSpec, cell: ExperimentCell): CvConfig {
  return {
    dataDir: spec.data,
    demoFallback: false,
    protocol: cell.protocol,
    test: spec.test ?? undefined,
    models: [cell.model],
    modes: spec.modes,
    augment: cell.augment,
    augmentPlan: cell.augmentPlan,
    balance: cell.balance,
    adversary: cell.adversary,
    adversaryWeight: spec.adversaryWeight,
    seed: cell.seed,
    epochs: spec.epochs ?? undefined,
    labels: spec.labels ?? undefined,
    merge: spec.merge,
    quiet: true,
    log: () => {},
  };
}

/**
 * Write a finished cell's outputs (`cv_summary.json`, predictions, report, charts) and its `cell.json` (last, atomically:
 * the mark that it is finished), and return its result.
 */
export async function recordCell(
  spec: ExperimentSpec,
  cell: ExperimentCell,
  run: CvRun,
  at: { dir: string; started: Date; seconds: number },
): Promise<CellResult> {
  await writeCvOutputs(run, at.dir, join(at.dir, "charts"), {
    seed: cell.seed,
    started: at.started,
    config: { ...cell },
  });
  const r = run.results[0];
  const result: CellResult = {
    cell,
    modes: Object.fromEntries(
      Object.entries(r.summary).map(([m, s]) => [m, {
        wa: s.wa.mean,
        waSd: s.wa.sd,
        ua: s.ua.mean,
        uaSd: s.ua.sd,
        f1: s.f1.mean,
        f1Sd: s.f1.sd,
        uaCi95: s.uaInterval ? [s.uaInterval.low, s.uaInterval.high] : null,
        worst: s.worst,
      }]),
    ),
    folds: r.folds.length,
    seconds: at.seconds,
    dir: at.dir,
    computed: true,
  };
  await writeFileAtomic(join(at.dir, "cell.json"), JSON.stringify({ key: cellKey(spec, cell), result }, null, 2));
  return result;
}

/** Run one cell's cross-validation and record it. */
async function runCell(spec: ExperimentSpec, cell: ExperimentCell, dir: string, o: RunExperimentOptions) {
  const started = new Date(), t0 = performance.now();
  const run = await crossValidate({
    ...cellConfig(spec, cell),
    outputsDir: dir,
    workers: o.workers,
    onFold: (e) => {
      if (e.modes) {
        const ua = Object.entries(e.modes).map(([m, s]) => `${m} ${s ? (100 * s.ua).toFixed(1) : "—"}`).join(", ");
        o.onFold?.(`${cell.id}: fold ${e.fold + 1}/${e.folds} (${e.name}): UA ${ua} %`);
      }
    },
  });
  return await recordCell(spec, cell, run, { dir, started, seconds: (performance.now() - t0) / 1000 });
}

/**
 * Run every cell of an experiment that is not finished yet, in order.
 *
 * @returns Every cell's result, in the grid's order.
 * @throws {Error} What a cell's cross-validation throws (a cell that fails stops the run; the finished ones stay).
 * @example
 * const results = await runExperiment(await readExperiment("learners.toml"), { out: "outputs/experiments/learners" });
 */
export async function runExperiment(spec: ExperimentSpec, o: RunExperimentOptions): Promise<CellResult[]> {
  const cells = experimentCells(spec), results: CellResult[] = [];
  for (const [index, cell] of cells.entries()) {
    const dir = join(o.out, "cells", cell.id);
    o.onCell?.({ index, cells: cells.length, cell });
    const result = await finishedCell(spec, cell, dir) ?? await runCell(spec, cell, dir, o);
    o.onCell?.({ index, cells: cells.length, cell, result });
    results.push(result);
  }
  return results;
}
