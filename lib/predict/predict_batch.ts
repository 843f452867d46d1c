/**
 * Batch prediction: files, folders and globs through the extraction pool, with the speaker information the caller
 * has — groups for the transductive mode, enrolments for the enrolled mode — and an error row for each file that
 * fails.
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import { listAudioFiles } from "../data/list_audio_files.ts";
import { runExtractionPool } from "../data/extraction_pool.ts";
import type { Enrolment } from "../model/mod.ts";
import { enrolFromRecordings } from "./enrolment.ts";
import { withLength } from "./prediction.ts";
import type { BatchRow, PredictContext, Predictor, SpeakerGrouping } from "./predictor.ts";

/** A lookup of a file's speaker: as given, by absolute path, or by file name. */
function speakerOf(by: SpeakerGrouping["by"]): (file: string) => string | null {
  if (by === "folder") return (f) => dirname(f);
  const lookup = new Map<string, string>();
  for (const [k, v] of by ?? []) for (const key of [k, resolve(k), basename(k)]) lookup.set(key, v);
  return (f) => lookup.get(f) ?? lookup.get(resolve(f)) ?? lookup.get(basename(f)) ?? null;
}

/** The mode and per-file context for a batch. */
async function batchContext(
  predictor: Predictor,
  files: readonly string[],
  g: SpeakerGrouping,
): Promise<PredictContext> {
  const enrolling = Boolean(g.enrol?.length || g.enrolMap?.size);
  const mode = g.mode ?? (enrolling ? "enrolled" : g.by ? "transductive" : "global");
  const speakers = files.map(speakerOf(g.by));
  if (mode === "transductive") return { mode, groups: speakers };
  if (mode !== "enrolled") return { mode };
  const bySpeaker = new Map<string, Enrolment>();
  for (const [speaker, recordings] of g.enrolMap ?? []) {
    bySpeaker.set(speaker, await enrolFromRecordings(predictor, recordings));
  }
  const everyone = g.enrol?.length ? await enrolFromRecordings(predictor, g.enrol) : null;
  return { mode, enrolments: speakers.map((s) => (s !== null ? bySpeaker.get(s) ?? everyone : everyone)) };
}

/**
 * Predict files, folders and globs on a pool of workers (one per core by default), keeping the order given.
 *
 * @throws {RangeError} If an enrolment has no voiced speech; {ModeError} if the model lacks the mode.
 * @example
 * const rows = await predictBatch(predictor, ["calls/"], { speakers: { enrol: ["me.wav"] } });
 */
export async function predictBatch(
  predictor: Predictor,
  inputs: readonly string[],
  opts: { workers?: number; onProgress?: (done: number, total: number) => void; speakers?: SpeakerGrouping } = {},
): Promise<BatchRow[]> {
  const { files, missing } = await listAudioFiles(inputs);
  const feats = new Array<Float32Array | string>(files.length), lengths = new Array<number | null>(files.length);
  let done = 0;
  await runExtractionPool(files.map((path, id) => ({ id, path })), {
    workers: opts.workers,
    featureSet: predictor.featureSet.name,
    onResult: (id, r, info) => {
      feats[id] = r;
      lengths[id] = info.totalSeconds;
      opts.onProgress?.(++done, files.length);
    },
  });
  return await rowsFromFeatures(predictor, files, { features: feats, lengths, missing, speakers: opts.speakers });
}

/**
 * A batch's rows from its files' features (extracted here, or by queue workers elsewhere): one model pass over every
 * vector in the batch's mode, an error row for each file whose features failed, and one for each input not found.
 *
 * @param files The files, in order.
 * @param extracted Per file its feature vector or the error message, and its length in seconds (null when unknown).
 */
export async function rowsFromFeatures(
  predictor: Predictor,
  files: readonly string[],
  extracted: {
    features: readonly (Float32Array | string)[];
    lengths: readonly (number | null)[];
    missing?: readonly string[];
    speakers?: SpeakerGrouping;
  },
): Promise<BatchRow[]> {
  const feats = extracted.features, lengths = extracted.lengths;
  const ok = files.map((_, i) => i).filter((i) => feats[i] instanceof Float32Array);
  const full = await batchContext(predictor, ok.map((i) => files[i]), extracted.speakers ?? {});
  const preds = predictor.predictMany(ok.map((i) => feats[i] as Float32Array), full);
  const byIdx = new Map(ok.map((i, k) => [i, withLength(preds[k], lengths[i], predictor.featureSet.duration)]));
  const rows: BatchRow[] = files.map((file, i) => {
    const p = byIdx.get(i);
    return p ? { file, error: null, ...p } : { file, error: feats[i] as string };
  });
  for (const m of extracted.missing ?? []) {
    rows.push({ file: m, error: `${m}: no such file, folder or matching files` });
  }
  return rows;
}
