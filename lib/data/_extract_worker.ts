/**
 * Private: a worker that loads clips and extracts a feature set, one message per clip, optionally after a training
 * augmentation.
 *
 * In:  { id, path, featureSet, duration, augment?: { seed, copy, babble: string[] } }
 * Out: { id, features: Float32Array, totalSeconds: number | null } | { id, error: string }
 *
 * @module
 */
import { loadAudio } from "../audio/load_audio.ts";
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";
import { applyAugmentation, augmentationPlan, augmentationRng } from "./augment.ts";

interface Job {
  id: number;
  path: string;
  featureSet: FeatureSetName;
  duration: number;
  augment?: { seed: number; copy: number; babble: string[] };
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

scope.onmessage = async (e: MessageEvent<Job>) => {
  const { id, path, duration, augment } = e.data;
  const set = FEATURE_SETS[e.data.featureSet ?? "seed"];
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
