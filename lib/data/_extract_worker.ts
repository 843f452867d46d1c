/**
 * Private: a worker that loads clips and extracts a feature set, one message per clip, optionally after a training
 * augmentation.
 *
 * In:  { id, path, featureSet, duration, augment?: { seed, copy, babble: string[] } }
 *      or { id, bytes, source, featureSet, limits: { minSeconds, maxSeconds } } (an upload, decoded in memory)
 * Out: { id, features: Float32Array, totalSeconds: number | null } | { id, error: string, code }
 *
 * @module
 */
import { loadAudio } from "../audio/load_audio.ts";
import { resample } from "../audio/resample.ts";
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";
import { applyAugmentation, augmentationPlan, augmentationRng } from "./augment.ts";

interface Job {
  id: number;
  path?: string;
  featureSet: FeatureSetName;
  duration?: number;
  augment?: { seed: number; copy: number; babble: string[] };
  /** Raw mono samples at `rate` (a live stream's window): features as `predict({ y, sampleRate })` computes them. */
  samples?: Float32Array;
  rate?: number;
  /** An upload: the file's bytes, its name for messages, and the accepted length. */
  bytes?: Uint8Array;
  source?: string;
  limits?: { minSeconds: number; maxSeconds: number };
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(m: unknown, transfer?: Transferable[]): void;
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

/**
 * An upload: decoded at its native rate up to just past `maxSeconds` (so a long file costs no more than that), its
 * length checked, then the model's window of it resampled — the same samples `loadAudio(file, { sampleRate, duration })`
 * gives — and its features extracted.
 */
async function uploadJob(job: Job): Promise<{ features: Float32Array; totalSeconds: number }> {
  const set = FEATURE_SETS[job.featureSet ?? "seed"];
  const { minSeconds, maxSeconds } = job.limits!;
  const a = await loadAudio(job.bytes!, { sampleRate: null, duration: maxSeconds + 1, source: job.source });
  const total = a.totalSeconds ?? a.y.length / a.nativeSampleRate;
  if (total > maxSeconds) {
    throw Object.assign(new Error(`${a.source}: ${total.toFixed(1)} s is longer than the ${maxSeconds} s allowed`), {
      code: "too_long",
    });
  }
  if (total < minSeconds) {
    throw Object.assign(new Error(`${a.source}: ${total.toFixed(2)} s is shorter than the ${minSeconds} s needed`), {
      code: "too_short",
    });
  }
  const native = a.y.subarray(0, Math.trunc(set.duration * a.nativeSampleRate));
  const y = a.nativeSampleRate === set.sampleRate
    ? native
    : resample(native, { origSr: a.nativeSampleRate, targetSr: set.sampleRate }).y;
  return { features: set.extract(y), totalSeconds: total };
}

scope.onmessage = async (e: MessageEvent<Job>) => {
  const { id, augment } = e.data;
  const duration = e.data.duration ?? FEATURE_SETS[e.data.featureSet ?? "seed"].duration;
  const path = e.data.path!;
  const set = FEATURE_SETS[e.data.featureSet ?? "seed"];
  if (e.data.samples) {
    try {
      const sr = e.data.rate!;
      const native = e.data.samples.subarray(0, Math.trunc(set.duration * sr));
      const y = sr === set.sampleRate ? native : resample(native, { origSr: sr, targetSr: set.sampleRate }).y;
      const features = set.extract(y);
      scope.postMessage({ id, features, totalSeconds: e.data.samples.length / sr }, [features.buffer as ArrayBuffer]);
    } catch (err) {
      scope.postMessage({ id, error: (err as Error).message, code: "error" });
    }
    return;
  }
  if (e.data.bytes) {
    try {
      const { features, totalSeconds } = await uploadJob(e.data);
      scope.postMessage({ id, features, totalSeconds }, [features.buffer as ArrayBuffer]);
    } catch (err) {
      const code = (err as { code?: string }).code ??
        ((err as Error).name === "AudioDecodeError" || (err as Error).name === "AudioValueError"
          ? "undecodable"
          : "error");
      scope.postMessage({ id, error: (err as Error).message, code });
    }
    return;
  }
  try {
    const loaded = await loadAudio(path, { sampleRate: set.sampleRate, duration });
    let y = loaded.y;
    if (augment) {
      const rng = augmentationRng(augment.seed, path, augment.copy);
      const plan = augmentationPlan(augment.seed, path, augment.copy);
      const babble = plan.some((a) => a.kind === "noise" && a.color === "babble")
        ? await Promise.all(augment.babble.map((b) => loadBabble(b, set.sampleRate, duration)))
        : [];
      for (const a of plan) y = applyAugmentation(y, set.sampleRate, a, rng, babble);
    }
    const features = set.extract(y);
    scope.postMessage({ id, features, totalSeconds: loaded.totalSeconds ?? null }, [features.buffer as ArrayBuffer]);
  } catch (err) {
    scope.postMessage({ id, error: (err as Error).message });
  }
};
