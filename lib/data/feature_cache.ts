import { dirname } from "node:path";
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
/** SHA-256 of some bytes as 64 hex digits (the cache's and the manifest's content hash). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));
}

function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * The key of a feature configuration: the feature set's config and implementation revision, the resampler that will
 * run and the clip window. A cache file serves one key only, so a change to any of these never serves stale features.
 * (The seed set's key is unchanged from before feature sets existed, so its cached vectors stay valid.)
 */
export async function featureCacheKey(
  parts: {
    resampler: string;
    duration: number;
    sampleRate: number;
    featureSet?: FeatureSetName;
    withSeconds?: boolean;
  },
): Promise<string> {
  const { featureSet = "original", ...rest } = parts;
  const set = FEATURE_SETS[featureSet];
  const text = JSON.stringify({ ...set.config, revision: set.revision, ...rest });
  return (await sha256Hex(new TextEncoder().encode(text))).slice(0, 16);
}

/**
 * An append-only on-disk cache of feature vectors keyed by the SHA-256 of a clip's bytes, one file per feature
 * configuration (`<dir>/<key>.bin`: records of 32 hash bytes + `dim` float32). Each vector is appended as soon as it is
 * computed, so an interrupted run resumes where it stopped; a torn last record is ignored on load.
 *
 * @example
 * const cache = await FeatureCache.open(".cache/features", key);
 * cache.get(sha256) ?? cache.put(sha256, extractFeatures(y));
 */
export class FeatureCache {
  readonly path: string;
  /** Features per vector. */
  readonly dim: number;
  readonly #index = new Map<string, Float32Array>();
  #file: Deno.FsFile | null = null;

  private constructor(path: string, dim: number) {
    this.path = path;
    this.dim = dim;
  }

  /** Open (or create) the cache file for `key` under `dir`, holding vectors of `dim` features, and load its records. */
  static async open(dir: string, key: string, dim = FEATURE_SETS.original.count): Promise<FeatureCache> {
    const cache = new FeatureCache(`${dir}/${key}.bin`, dim);
    const RECORD = 32 + 4 * dim;
    let bytes: Uint8Array | null = null;
    try {
      bytes = await Deno.readFile(cache.path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (bytes) {
      const whole = Math.floor(bytes.length / RECORD);
      for (let r = 0; r < whole; r++) {
        const at = r * RECORD;
        const v = new Float32Array(bytes.slice(at + 32, at + RECORD).buffer);
        cache.#index.set(bytesToHex(bytes.subarray(at, at + 32)), v);
      }
      if (whole * RECORD !== bytes.length) await Deno.truncate(cache.path, whole * RECORD); // drop a torn record
    }
    return cache;
  }

  /** Number of cached vectors. */
  get size(): number {
    return this.#index.size;
  }

  /** The cached vector for a content hash, if any. */
  get(sha256: string): Float32Array | undefined {
    return this.#index.get(sha256);
  }

  /** Store a vector and append it to disk immediately. */
  async put(sha256: string, features: Float32Array): Promise<void> {
    if (features.length !== this.dim) {
      throw new RangeError(`expected ${this.dim} features, got ${features.length}`);
    }
    if (this.#index.has(sha256)) return;
    this.#index.set(sha256, features);
    if (!this.#file) {
      await Deno.mkdir(dirname(this.path), { recursive: true });
      this.#file = await Deno.open(this.path, { append: true, create: true });
    }
    const rec = new Uint8Array(32 + 4 * this.dim);
    rec.set(hexToBytes(sha256));
    rec.set(new Uint8Array(features.buffer, features.byteOffset, features.byteLength), 32);
    let written = 0;
    while (written < rec.length) written += await this.#file.write(rec.subarray(written));
  }

  /** Close the file handle. */
  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}
