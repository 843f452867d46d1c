/**
 * Private: the feature worker behind {@linkcode ExtractionPool}: one {@linkcode ExtractJob} in, one
 * {@linkcode ExtractReply} out (see `_extract_protocol.ts`).
 *
 * @module
 */
import { loadAudio } from "../audio/load_audio.ts";
import { resample } from "../audio/resample.ts";
import { FEATURE_SETS, type FeatureSet } from "../features/feature_sets.ts";
import { enrolmentVectors } from "../segment/enrolment_windows.ts";
import { applyAugmentation, augmentationPlan, augmentationRng } from "./augment.ts";
import type { ExtractErrorCode, ExtractJob, ExtractReply } from "./_extract_protocol.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ExtractJob>) => void) | null;
  postMessage(m: ExtractReply, transfer?: Transferable[]): void;
};

/** Recently loaded babble sources (the same few clips are mixed into many). */
const recent = new Map<string, Float32Array>();
async function loadBabble(path: string, sampleRate: number, duration: number): Promise<Float32Array> {
  const hit = recent.get(path);
  if (hit) return hit;
  const { y } = await loadAudio(path, { sampleRate, duration });
  if (recent.size >= 32) recent.delete(recent.keys().next().value!);
  recent.set(path, y);
  return y;
}

/** A failure with its reply code. */
class JobError extends Error {
  constructor(readonly code: ExtractErrorCode, message: string) {
    super(message);
  }
}

/** The set's window of native-rate samples, resampled to the set's rate (as `loadAudio` with `duration` loads it). */
function modelWindow(set: FeatureSet, y: Float32Array, rate: number): Float32Array {
  const native = y.subarray(0, Math.trunc(set.duration * rate));
  return rate === set.sampleRate ? native : resample(native, { origSr: rate, targetSr: set.sampleRate }).y;
}

async function clipJob(job: Extract<ExtractJob, { kind: "clip" }>, set: FeatureSet) {
  const loaded = await loadAudio(job.path, { sampleRate: set.sampleRate, duration: job.duration });
  let y = loaded.y;
  if (job.augment) {
    const a = job.augment;
    const rng = augmentationRng(a.seed, job.path, a.copy);
    const plan = augmentationPlan(a.seed, job.path, a.copy, a.plan ?? "level");
    const babble = plan.some((p) => p.kind === "noise" && p.color === "babble")
      ? await Promise.all(a.babble.map((b) => loadBabble(b, set.sampleRate, job.duration)))
      : [];
    for (const p of plan) y = applyAugmentation(y, set.sampleRate, p, rng, babble);
  }
  return { features: set.extract(y), totalSeconds: loaded.totalSeconds ?? null };
}

/**
 * An upload: decoded at its native rate up to just past `maxSeconds` (so a long file costs no more than that), its
 * length checked, then the model's window of it resampled — the same samples `loadAudio(file, { sampleRate, duration })`
 * gives — and its features extracted.
 */
async function uploadJob(job: Extract<ExtractJob, { kind: "upload" }>, set: FeatureSet) {
  const { minSeconds, maxSeconds } = job.limits;
  const a = await loadAudio(job.bytes, { sampleRate: null, duration: maxSeconds + 1, source: job.source });
  const total = a.totalSeconds ?? a.y.length / a.nativeSampleRate;
  if (total > maxSeconds) throw new JobError("too_long", tooLong(a.source, a.totalSeconds ?? null, maxSeconds));
  if (total < minSeconds) {
    throw new JobError("too_short", `${a.source}: ${total.toFixed(2)} s is shorter than the ${minSeconds} s needed`);
  }
  return { features: set.extract(modelWindow(set, a.y, a.nativeSampleRate)), totalSeconds: total };
}

/** A too-long refusal: the real length when the decoder knows it, else only the limit (never a wrong number). */
function tooLong(source: string, seconds: number | null, limit: number): string {
  return seconds === null
    ? `${source}: longer than the ${limit} s allowed`
    : `${source}: ${seconds.toFixed(1)} s is longer than the ${limit} s allowed`;
}

/** An enrolment recording: the mean of its voiced vectors, within the upload limits. */
async function enrolJob(job: Extract<ExtractJob, { kind: "enrol" }>, set: FeatureSet) {
  const { minSeconds, maxSeconds } = job.limits;
  const r = await enrolmentVectors(set, job.bytes, { source: job.source, maxSeconds: maxSeconds + 1 });
  if (r && r.duration > maxSeconds) throw new JobError("too_long", tooLong(job.source, null, maxSeconds));
  if (r && r.duration < minSeconds) {
    throw new JobError(
      "too_short",
      `${job.source}: ${r.duration.toFixed(2)} s is shorter than the ${minSeconds} s needed`,
    );
  }
  if (!r) {
    throw new JobError("no_speech", `${job.source}: no voiced speech found: record about 10 s of your everyday voice`);
  }
  const mean = new Float32Array(set.count);
  for (const v of r.vectors) for (let j = 0; j < set.count; j++) mean[j] += v[j] / r.vectors.length;
  return { features: mean, totalSeconds: r.seconds, count: r.vectors.length };
}

function codeOf(err: unknown): ExtractErrorCode {
  if (err instanceof JobError) return err.code;
  const name = (err as Error).name;
  return name === "AudioDecodeError" || name === "AudioValueError" ? "undecodable" : "error";
}

scope.onmessage = async (e: MessageEvent<ExtractJob>) => {
  const job = e.data;
  const set = FEATURE_SETS[job.featureSet];
  try {
    const r = job.kind === "clip"
      ? await clipJob(job, set)
      : job.kind === "upload"
      ? await uploadJob(job, set)
      : job.kind === "enrol"
      ? await enrolJob(job, set)
      : { features: set.extract(modelWindow(set, job.samples, job.rate)), totalSeconds: job.samples.length / job.rate };
    scope.postMessage({ id: job.id, ok: true, ...r }, [r.features.buffer as ArrayBuffer]);
  } catch (err) {
    scope.postMessage({ id: job.id, ok: false, code: codeOf(err), message: (err as Error).message });
  }
};
