/**
 * The job kinds a worker runs, as plain data, and their checks. A job is data, never code: a worker runs only these
 * kinds, and checks every field as the CLI checks its flags before it touches a file.
 *
 * | kind | one job is | returns |
 * | --- | --- | --- |
 * | `features` | one recording → its feature vector (the costly part of `predict`) | {@linkcode FeaturesResult} |
 * | `timeline` | one long recording → its emotion timeline, with a shipped model | {@linkcode TimelineResult} |
 * | `cv-plan` | one experiment cell: extract its features, lay out its folds | a `CvPlan` |
 * | `cv-fold` | one fold of one experiment cell: train and score it | a `CvFoldOutcome` |
 *
 * @module
 */
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";
import { type EnrolmentJson, USE_MODE_NAMES, type UseModeName } from "../model/mod.ts";
import type { PauseHandling } from "../segment/mod.ts";

/** A recording named by its path on the submitting machine and its content (SHA-256 of every byte). */
export interface FileRef {
  path: string;
  sha256: string;
}

/** Extract one recording's features. */
export interface FeaturesJob {
  kind: "features";
  file: FileRef;
  featureSet: FeatureSetName;
  /** Seconds read from the start (the feature set's window). */
  duration: number;
}

/** Timeline options that travel with a job (the CLI's `--window`, `--hop`, `--vad`, … flags). */
export interface TimelineJobOptions {
  window?: number;
  hop?: number;
  vad?: boolean;
  pauses?: PauseHandling;
  minSegment?: number;
  confidenceFloor?: number;
  mode?: UseModeName;
  enrolment?: EnrolmentJson;
}

/** One long recording's timeline with the model whose bundle has this SHA-256. */
export interface TimelineJob {
  kind: "timeline";
  file: FileRef;
  artifact: string;
  options: TimelineJobOptions;
}

/** An experiment as its file said (paths absolute), and the id of one of its cells. */
export interface CellJob {
  kind: "cv-plan";
  experiment: Record<string, unknown>;
  cell: string;
}

/** One fold (by index) of an experiment cell. */
export interface FoldJob {
  kind: "cv-fold";
  experiment: Record<string, unknown>;
  cell: string;
  fold: number;
}

/** Every job kind. */
export type QueueJob = FeaturesJob | TimelineJob | CellJob | FoldJob;
export const JOB_KINDS = ["features", "timeline", "cv-plan", "cv-fold"] as const;

/** What a `features` job returns: the vector as numbers (float32 values, exact in JSON) or why it failed. */
export type FeaturesResult = { features: number[]; totalSeconds: number } | { error: string };

/** A job whose data is not one of the kinds, or whose fields are wrong: never retried. */
export class JobDataError extends TypeError {
  override name = "JobDataError";
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Check a job's data against its kind.
 *
 * @param name The job's name (its kind, as it was queued).
 * @param data The job's data, as it came off the queue.
 * @throws {JobDataError} Naming the field, the value and what was expected.
 * @example
 * const job = checkJob("features", { kind: "features", file, featureSet: "pooled", duration: 3 });
 */
export function checkJob(name: string, data: unknown): QueueJob {
  const fail = (field: string, value: unknown, expected: string): never => {
    const shown = JSON.stringify(value)?.slice(0, 80);
    throw new JobDataError(`job "${name}": \`${field}\` must be ${expected}: received ${shown}`);
  };
  if (!JOB_KINDS.includes(name as never)) fail("name", name, `one of ${JOB_KINDS.join(", ")}`);
  const d = data as Record<string, unknown>;
  if (!d || typeof d !== "object" || Array.isArray(d)) return fail("data", data, "an object");
  if (d.kind !== name) fail("kind", d.kind, `"${name}" (the job's name)`);
  const only = (keys: string[]) => {
    for (const k of Object.keys(d)) {
      if (!keys.includes(k)) fail(k, d[k], `absent (a ${name} job has ${keys.join(", ")})`);
    }
  };
  const file = (v: unknown) => {
    const f = v as Record<string, unknown>;
    if (!f || typeof f.path !== "string" || !f.path || f.path.includes("\0")) fail("file.path", f?.path, "a file path");
    if (typeof f.sha256 !== "string" || !SHA256.test(f.sha256)) fail("file.sha256", f.sha256, "64 hex digits");
  };
  switch (name) {
    case "features":
      only(["kind", "file", "featureSet", "duration"]);
      file(d.file);
      if (!(typeof d.featureSet === "string" && d.featureSet in FEATURE_SETS)) {
        fail("featureSet", d.featureSet, Object.keys(FEATURE_SETS).join(" or "));
      }
      if (!(typeof d.duration === "number" && d.duration > 0 && d.duration <= 600)) {
        fail("duration", d.duration, "seconds in (0, 600]");
      }
      break;
    case "timeline":
      only(["kind", "file", "artifact", "options"]);
      file(d.file);
      if (typeof d.artifact !== "string" || !SHA256.test(d.artifact)) fail("artifact", d.artifact, "64 hex digits");
      checkTimelineOptions(d.options, fail);
      break;
    case "cv-plan":
    case "cv-fold":
      only(name === "cv-plan" ? ["kind", "experiment", "cell"] : ["kind", "experiment", "cell", "fold"]);
      if (!d.experiment || typeof d.experiment !== "object" || Array.isArray(d.experiment)) {
        fail("experiment", d.experiment, "an experiment as a table");
      }
      if (typeof d.cell !== "string" || !/^[\w.-]+$/.test(d.cell)) fail("cell", d.cell, "a cell id");
      if (name === "cv-fold" && !(Number.isInteger(d.fold) && (d.fold as number) >= 0)) {
        fail("fold", d.fold, "a whole number ≥ 0");
      }
  }
  return d as unknown as QueueJob;
}

/** The timeline flags' ranges, as `./ser predict --timeline` checks them. */
function checkTimelineOptions(v: unknown, fail: (f: string, v: unknown, e: string) => never): void {
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== "object" || Array.isArray(o)) fail("options", v, "an object");
  const keys = ["window", "hop", "vad", "pauses", "minSegment", "confidenceFloor", "mode", "enrolment"];
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) fail(`options.${k}`, o[k], `absent (known: ${keys.join(", ")})`);
  }
  const range = (k: string, lo: number, hi: number) => {
    if (o[k] !== undefined && !(typeof o[k] === "number" && o[k] >= lo && o[k] <= hi)) {
      fail(`options.${k}`, o[k], `a number from ${lo} to ${hi}`);
    }
  };
  range("window", 0.25, 60);
  range("hop", 0.05, 60);
  range("minSegment", 0, 3600);
  range("confidenceFloor", 0, 1);
  if (o.vad !== undefined && typeof o.vad !== "boolean") fail("options.vad", o.vad, "true or false");
  if (o.pauses !== undefined && !["keep", "cut", "longest"].includes(o.pauses as string)) {
    fail("options.pauses", o.pauses, "keep, cut or longest");
  }
  if (o.mode !== undefined && !USE_MODE_NAMES.includes(o.mode as UseModeName)) {
    fail("options.mode", o.mode, USE_MODE_NAMES.join(", "));
  }
  if (o.enrolment !== undefined && (typeof o.enrolment !== "object" || o.enrolment === null)) {
    fail("options.enrolment", o.enrolment, "an enrolment (the JSON POST /v1/enrol returns)");
  }
}
