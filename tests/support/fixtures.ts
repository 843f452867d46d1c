/**
 * Paths and readers for the copied librosa fixtures under `tests/fixtures/`.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of a file under `tests/fixtures/`. */
export function fixture(...parts: string[]): string {
  return join(here, "..", "fixtures", ...parts);
}

/** Read a raw little-endian float32 array written by the librosa fixture script. */
export function readF32(path: string): Float32Array {
  const b = Deno.readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/** librosa 0.10.2's 195 features and loaded length for one fixture clip. */
export interface LibrosaClip {
  features: number[];
  loaded_samples: number;
}

/** `librosa/features.json`: per clip, librosa's values. */
export function librosaFeatures(): Record<string, LibrosaClip> {
  return JSON.parse(Deno.readTextFileSync(fixture("librosa", "features.json"))).files;
}

/** Max absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
