/**
 * Private: a worker thread that runs the model-bound jobs (`timeline`, `cv-plan`, `cv-fold`) off the queue worker's
 * main thread, so that training or decoding never stops the main thread from renewing its job locks. Loaded
 * predictors and a cell's extracted data are kept between jobs (the last of each).
 *
 * Message in: {@linkcode ThreadRequest}; message out: {@linkcode ThreadReply}.
 *
 * @module
 */
import { enrolmentFromJson } from "../model/mod.ts";
import { loadPredictor, type Predictor, predictTimeline } from "../predict/mod.ts";
import { type CvData, type CvPlan, planCv, runCvFold } from "../pipeline/cv/cv_stage.ts";
import { cellConfig, checkExperiment, experimentCells } from "../pipeline/experiment/mod.ts";
import type { CellJob, FoldJob, TimelineJob } from "./queue_jobs.ts";
import { JobDataError } from "./queue_jobs.ts";
import { timelineToJson } from "./queue_timeline.ts";

/** A job for the thread: a timeline with its local file and unpacked model, or an experiment cell's plan or fold. */
export type ThreadRequest =
  | { id: number; job: TimelineJob; localPath: string; artifactDir: string }
  | { id: number; job: CellJob | FoldJob };

/** The thread's answer: the job's value, or its error (`input`: bad input, recorded and never retried). */
export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string; input: boolean };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ThreadRequest>) => void) | null;
  postMessage(m: ThreadReply): void;
};

let predictor: { dir: string; p: Predictor } | null = null;
let cell: { key: string; plan: CvPlan; data: CvData } | null = null;

async function timeline(r: Extract<ThreadRequest, { localPath: string }>): Promise<unknown> {
  if (predictor?.dir !== r.artifactDir) predictor = { dir: r.artifactDir, p: await loadPredictor(r.artifactDir) };
  const p = predictor.p, o = r.job.options;
  const enrolment = o.enrolment ? enrolmentFromJson(o.enrolment, p.featureSet.name, p.featureSet.count) : undefined;
  const t = await predictTimeline(p, r.localPath, { ...o, enrolment });
  return timelineToJson({ ...t, source: r.job.file.path });
}

async function experimentCell(job: CellJob | FoldJob): Promise<unknown> {
  const spec = checkExperiment(job.experiment, { file: `job ${job.cell}`, base: "/" });
  const c = experimentCells(spec).find((x) => x.id === job.cell);
  if (!c) throw new JobDataError(`job ${job.kind}: the experiment has no cell "${job.cell}"`);
  const config = cellConfig(spec, c);
  const key = JSON.stringify(config);
  if (cell?.key !== key) {
    cell = null; // free the last cell's data before extracting the next
    cell = { key, ...await planCv(config) };
  }
  if (job.kind === "cv-plan") return cell.plan;
  if (!cell.plan.tested.includes(job.fold)) {
    throw new JobDataError(`job cv-fold: cell ${job.cell} has no tested fold ${job.fold}`);
  }
  return await runCvFold(cell.data, job.fold, config);
}

scope.onmessage = async (e: MessageEvent<ThreadRequest>) => {
  const r = e.data;
  try {
    const value = "localPath" in r ? await timeline(r) : await experimentCell(r.job);
    scope.postMessage({ id: r.id, ok: true, value } satisfies ThreadReply);
  } catch (err) {
    let error = (err as Error).message ?? String(err);
    if ("localPath" in r) error = error.replaceAll(r.localPath, r.job.file.path);
    // Bad input (a file that does not decode, a job that does not check) is recorded; anything else is retried.
    const input = err instanceof JobDataError || /Audio|Decode|Value|Enrolment|Split|Experiment|Mode/.test(
      (err as Error).name ?? "",
    );
    scope.postMessage({ id: r.id, ok: false, error, input } satisfies ThreadReply);
  }
};
