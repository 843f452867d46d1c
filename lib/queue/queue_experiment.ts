/**
 * An experiment over the queue: each cell's features are extracted and its folds laid out by one `cv-plan` job, then
 * each of its folds is one `cv-fold` job on any worker; here the folds are assembled into the cell's run with the
 * same function `crossValidate` uses, and written as `runExperiment` writes a cell — so the results table is the one
 * the in-process run gives. Cells finished before (their `cell.json`) are not queued again.
 *
 * Workers read the experiment's `data` folder at the same path (a shared folder): corpora do not travel through Redis.
 *
 * @module
 */
import { join } from "node:path";
import { assembleCvRun, type CvFoldOutcome, type CvPlan } from "../pipeline/cv/cv_assemble.ts";
import {
  type CellResult,
  type ExperimentCell,
  experimentCells,
  type ExperimentSpec,
  experimentToRaw,
  finishedCell,
  recordCell,
} from "../pipeline/experiment/mod.ts";
import type { JobClient } from "./job_client.ts";
import type { CellJob, FoldJob } from "./queue_jobs.ts";

/** Options of {@linkcode runExperimentQueued}. */
export interface RunExperimentQueuedOptions {
  /** The queue (required). */
  client: JobClient;
  /** Where the results go. */
  out: string;
  /** Per cell: started (with its index) and finished. */
  onCell?: (e: { index: number; cells: number; cell: ExperimentCell; result?: CellResult }) => void;
  /** Per fold of a cell, as it finishes on a worker. */
  onFold?: (line: string) => void;
  /** Jobs finished over all workers in the current phase (`plans`: each cell's features and folds; `folds`). */
  onProgress?: (phase: "plans" | "folds", done: number, total: number) => void;
}

/** One or more cells that could not be run; the others were recorded. */
export class ExperimentCellsError extends Error {
  override name = "ExperimentCellsError";
}

/**
 * Run an experiment's missing cells on the queue's workers.
 *
 * @returns Every cell's result, in the grid's order.
 * @throws {ExperimentCellsError} Naming each cell whose plan or folds failed (after recording all the others).
 * @example
 * const results = await runExperimentQueued(spec, { client, out: "outputs/experiments/learners" });
 */
export async function runExperimentQueued(spec: ExperimentSpec, o: RunExperimentQueuedOptions): Promise<CellResult[]> {
  const cells = experimentCells(spec), results = new Array<CellResult | undefined>(cells.length);
  const { out: _, ...experiment } = experimentToRaw(spec); // where results go does not change what a job computes
  const todo: number[] = [];
  for (const [index, cell] of cells.entries()) {
    o.onCell?.({ index, cells: cells.length, cell });
    const done = await finishedCell(spec, cell, join(o.out, "cells", cell.id));
    if (done) {
      results[index] = done;
      o.onCell?.({ index, cells: cells.length, cell, result: done });
    } else todo.push(index);
  }
  const failures: string[] = [];
  const planJobs: CellJob[] = todo.map((i) => ({ kind: "cv-plan", experiment, cell: cells[i].id }));
  const plans = await o.client.run(planJobs, {
    onOutcome: (_, __, done, total) => o.onProgress?.("plans", done, total),
  });
  const foldJobs: FoldJob[] = [], owner: number[] = [];
  const planOf = new Map<number, CvPlan>();
  plans.outcomes.forEach((outcome, k) => {
    const index = todo[k];
    if (!outcome.ok) return failures.push(`${cells[index].id}: ${outcome.error}`);
    const plan = outcome.value as CvPlan;
    planOf.set(index, plan);
    for (const fold of plan.tested) {
      foldJobs.push({ kind: "cv-fold", experiment, cell: cells[index].id, fold });
      owner.push(index);
    }
  });

  const got = new Map<number, (CvFoldOutcome | null)[]>();
  const started = new Date();
  const recording: Promise<void>[] = [];
  const cellDone = async (index: number) => {
    const plan = planOf.get(index)!, outcomes = got.get(index)!;
    const cell = cells[index];
    if (outcomes.some((x) => x === null)) return;
    const folds = outcomes as CvFoldOutcome[];
    const seconds = folds.reduce((s, f) => s + f.result.seconds, 0) + (plan.timings.discover ?? 0) +
      Object.entries(plan.timings).filter(([k]) => /^(extract|augment)_/.test(k)).reduce((s, [, v]) => s + v, 0);
    const run = assembleCvRun([{ plan, outcomes: folds, seconds }]);
    const result = await recordCell(spec, cell, run, { dir: join(o.out, "cells", cell.id), started, seconds });
    results[index] = result;
    o.onCell?.({ index, cells: cells.length, cell, result });
  };
  await o.client.run(foldJobs, {
    onOutcome: (k, outcome, done, total) => {
      o.onProgress?.("folds", done, total);
      const index = owner[k], job = foldJobs[k], plan = planOf.get(index)!;
      if (!got.has(index)) got.set(index, plan.tested.map(() => undefined as unknown as CvFoldOutcome));
      const slot = plan.tested.indexOf(job.fold), list = got.get(index)!;
      if (!outcome.ok) {
        failures.push(`${job.cell} fold ${plan.foldNames[job.fold]}: ${outcome.error}`);
        list[slot] = null;
        return;
      }
      const f = outcome.value as CvFoldOutcome;
      list[slot] = f;
      const ua = Object.entries(f.result.modes).map(([m, s]) =>
        `${m} ${s?.scores ? (100 * s.scores.ua).toFixed(1) : "—"}`
      )
        .join(", ");
      o.onFold?.(`${job.cell}: fold ${slot + 1}/${plan.tested.length} (${plan.foldNames[job.fold]}): UA ${ua} %`);
      if (list.every((x) => x !== undefined)) recording.push(cellDone(index));
    },
  });
  await Promise.all(recording);
  if (failures.length) {
    throw new ExperimentCellsError(
      `${failures.length} job${failures.length > 1 ? "s" : ""} failed (the other cells are recorded): ${
        failures.join("; ")
      }`,
    );
  }
  return results as CellResult[];
}
