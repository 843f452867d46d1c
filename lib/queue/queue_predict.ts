/**
 * `predict` over the queue: a batch's recordings are one `features` job each (the costly part), run by any worker; the
 * model then answers the whole batch here in one pass, in the batch's mode — so a queued batch gives the same rows,
 * in the same order, as the same batch run in-process ({@linkcode predictBatch}). Long recordings are one `timeline`
 * job each, with the model shipped as a content-addressed bundle.
 *
 * @module
 */
import { listAudioFiles } from "../data/mod.ts";
import { type Enrolment, enrolmentToJson } from "../model/mod.ts";
import {
  type BatchRow,
  type Predictor,
  rowsFromFeatures,
  type SpeakerGrouping,
  type Timeline,
  type TimelineOptions,
} from "../predict/mod.ts";
import { type JobClient, type JobOutcome, type RunJobsResult } from "./job_client.ts";
import type { FeaturesResult, FileRef, TimelineJob } from "./queue_jobs.ts";
import { timelineFromJson, type TimelineJson } from "./queue_timeline.ts";
import { putBlob, sha256Hex } from "./_redis.ts";
import { bundleArtifacts } from "./_artifact_bundle.ts";

/** Options shared by the queued batch and timelines. */
export interface QueuedOptions {
  /** The queue (required). */
  client: JobClient;
  /** Also store each recording in Redis, for workers that cannot read the files where they are. Default false. */
  shipInputs?: boolean;
  /** Called as each job finishes. */
  onProgress?: (done: number, total: number) => void;
}

/** Each file's content reference (read once here), shipped when asked; unreadable files get their error. */
async function fileRefs(
  client: JobClient,
  files: readonly string[],
  ship: boolean,
): Promise<(FileRef | { error: string })[]> {
  const out: (FileRef | { error: string })[] = [];
  for (const path of files) {
    try {
      const bytes = await Deno.readFile(path);
      const sha256 = await sha256Hex(bytes);
      if (ship) await putBlob(client.redis, sha256, bytes);
      out.push({ path, sha256 });
    } catch (e) {
      out.push({ error: `${path}: cannot read (${(e as Error).message})` });
    }
  }
  return out;
}

/** A job's value, or its failure as an error message. */
function valueOf<T>(o: JobOutcome): T | { error: string } {
  return o.ok ? o.value as T : { error: `the queue gave up on it: ${o.error}` };
}

/**
 * Predict files, folders and globs through the queue: the same rows, in the same order, as {@linkcode predictBatch}.
 *
 * @throws {RangeError} If an enrolment has no voiced speech; {ModeError} if the model lacks the mode.
 * @example
 * const client = await JobClient.open("redis://127.0.0.1:6379");
 * const { rows } = await predictBatchQueued(predictor, ["calls/"], { client });
 */
export async function predictBatchQueued(
  predictor: Predictor,
  inputs: readonly string[],
  o: QueuedOptions & { speakers?: SpeakerGrouping },
): Promise<{ rows: BatchRow[] } & Omit<RunJobsResult, "outcomes">> {
  const { files, missing } = await listAudioFiles(inputs);
  const client = o.client;
  const refs = await fileRefs(client, files, o.shipInputs ?? false);
  const set = predictor.featureSet;
  const queued = refs.map((r, i) => ({ r, i })).filter((x): x is { r: FileRef; i: number } => !("error" in x.r));
  const run = await client.run(
    queued.map(({ r }) => ({ kind: "features" as const, file: r, featureSet: set.name, duration: set.duration })),
    { onOutcome: (_, __, done, total) => o.onProgress?.(done, total) },
  );
  const features: (Float32Array | string)[] = refs.map((r) => ("error" in r ? r.error : ""));
  const lengths: (number | null)[] = files.map(() => null);
  queued.forEach(({ r, i }, k) => {
    const v = valueOf<FeaturesResult>(run.outcomes[k]);
    if ("error" in v) features[i] = v.error.replaceAll(r.path, files[i]);
    else {
      features[i] = Float32Array.from(v.features);
      lengths[i] = v.totalSeconds;
    }
  });
  const rows = await rowsFromFeatures(predictor, files, { features, lengths, missing, speakers: o.speakers });
  return { rows, reused: run.reused, seconds: run.seconds };
}

/** A timeline, or why a file failed. */
export type TimelineOutcome = Timeline | { source: string; error: string };

/**
 * Timelines of files through the queue, one job per recording, with the model's bundle stored in Redis.
 *
 * @param artifactsDir The folder the model is loaded from (bundled and shipped, by content).
 * @example
 * const { timelines } = await timelinesQueued("artifacts", files, { client, hop: 0.5 });
 */
export async function timelinesQueued(
  artifactsDir: string,
  files: readonly string[],
  o:
    & QueuedOptions
    & Pick<TimelineOptions, "window" | "hop" | "vad" | "pauses" | "minSegment" | "confidenceFloor" | "mode">
    & {
      enrolmentOf?: (file: string) => Enrolment | undefined;
    },
): Promise<{ timelines: TimelineOutcome[] } & Omit<RunJobsResult, "outcomes">> {
  const client = o.client;
  const bundle = await bundleArtifacts(artifactsDir);
  await putBlob(client.redis, bundle.sha256, bundle.bytes);
  const refs = await fileRefs(client, files, o.shipInputs ?? false);
  const { window, hop, vad, pauses, minSegment, confidenceFloor, mode } = o;
  const options = Object.fromEntries(
    Object.entries({ window, hop, vad, pauses, minSegment, confidenceFloor, mode }).filter(([, v]) => v !== undefined),
  );
  const queued = refs.map((r, i) => ({ r, i })).filter((x): x is { r: FileRef; i: number } => !("error" in x.r));
  const jobs: TimelineJob[] = queued.map(({ r }) => {
    const e = o.enrolmentOf?.(r.path);
    return {
      kind: "timeline",
      file: r,
      artifact: bundle.sha256,
      options: e ? { ...options, enrolment: enrolmentToJson(e) } : options,
    };
  });
  const run = await client.run(jobs, { onOutcome: (_, __, done, total) => o.onProgress?.(done, total) });
  const timelines: TimelineOutcome[] = refs.map((r, i) => ({ source: files[i], error: "error" in r ? r.error : "" }));
  queued.forEach(({ i }, k) => {
    const v = valueOf<TimelineJson>(run.outcomes[k]);
    timelines[i] = "error" in v ? { source: files[i], error: v.error } : { ...timelineFromJson(v), source: files[i] };
  });
  return { timelines, reused: run.reused, seconds: run.seconds };
}
