/**
 * Private: content hashes (SHA-256) and container detection for many files, with reads kept in flight in parallel
 * (a cold disk is latency-bound) and a cache keyed by path, size and modification time so re-runs read nothing.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { detectContainer } from "../audio/detect_container.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";

/** A file's identity for the manifest and the feature cache. */
export interface FileHash {
  sha256: string;
  container: string;
  decoder: string;
}

interface CacheEntry extends FileHash {
  size: number;
  mtime: number;
}

const CACHE_VERSION = 1;

/** Options for {@linkcode hashFiles}. */
export interface HashFilesOptions {
  /** JSON file caching hashes by absolute path, size and mtime; `null` disables. Default `null`. */
  cacheFile?: string | null;
  /** Reads in flight. Default 16. */
  concurrency?: number;
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Hash files exactly (SHA-256 of every byte) and detect each one's container from its first bytes.
 *
 * @returns One result per file, in order, and how many came from the cache.
 */
export async function hashFiles(
  files: readonly string[],
  options: HashFilesOptions = {},
): Promise<{ hashes: FileHash[]; cached: number }> {
  const cacheFile = options.cacheFile ?? null;
  let cache: Record<string, CacheEntry> = {};
  if (cacheFile) {
    try {
      const j = JSON.parse(await Deno.readTextFile(cacheFile));
      if (j.version === CACHE_VERSION) cache = j.files ?? {};
    } catch { /* no cache yet, or unreadable: rebuild */ }
  }
  const hashes = new Array<FileHash>(files.length);
  let next = 0, done = 0, cached = 0, changed = false;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const path = resolve(files[i]);
      const st = await Deno.stat(path);
      const mtime = st.mtime?.getTime() ?? 0;
      const hit = cache[path];
      if (hit && hit.size === st.size && hit.mtime === mtime) {
        hashes[i] = { sha256: hit.sha256, container: hit.container, decoder: hit.decoder };
        cached++;
      } else {
        const bytes = await Deno.readFile(path);
        const c = detectContainer(bytes.subarray(0, 64));
        hashes[i] = {
          sha256: createHash("sha256").update(bytes).digest("hex"),
          container: c.name,
          decoder: c.decoder ?? "probe",
        };
        cache[path] = { ...hashes[i], size: st.size, mtime };
        changed = true;
      }
      options.onProgress?.(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
  if (cacheFile && changed) await writeFileAtomic(cacheFile, JSON.stringify({ version: CACHE_VERSION, files: cache }));
  return { hashes, cached };
}
