/**
 * Private: a worker that loads clips and extracts the seed's 195 features, one message per clip.
 *
 * In:  { id, path, duration, sampleRate }    Out: { id, features: Float32Array } | { id, error: string }
 *
 * @module
 */
import { loadAudio } from "../audio/load_audio.ts";
import { extractFeatures } from "../features/extract_features.ts";

interface Job {
  id: number;
  path: string;
  duration: number;
  sampleRate: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(m: unknown, transfer?: Transferable[]): void;
};
scope.onmessage = async (e: MessageEvent<Job>) => {
  const { id, path, duration, sampleRate } = e.data;
  try {
    const { y } = await loadAudio(path, { sampleRate, duration });
    const features = extractFeatures(y, sampleRate);
    scope.postMessage({ id, features }, [features.buffer as ArrayBuffer]);
  } catch (err) {
    scope.postMessage({ id, error: (err as Error).message });
  }
};
