import { join } from "node:path";
import { resamplerInfo } from "../audio/resample.ts";
import { FEATURE_SETS, type FeatureSet, type FeatureSetName } from "../features/feature_sets.ts";
import { progressBar } from "../io/progress.ts";
import type { SkippedFile } from "./discover_corpus.ts";
import { FeatureCache, featureCacheKey } from "./feature_cache.ts";
import { type AugmentSpec, runExtractionPool } from "./extraction_pool.ts";

/** Options for {@linkcode extractCorpus}. */
export interface ExtractCorpusOptions {
  /** Worker threads. Default: one per core (`navigator.hardwareConcurrency`). */
  workers?: number;
  /** Cache folder. Default `.cache/features`. `null` disables the cache. */
  cacheDir?: string | null;
  /** The feature set. Default `"seed"` (the seed's 195 features of the first 3 s at 22,050 Hz). */
  featureSet?: FeatureSetName;
  /** Seconds read from each clip. Default: the feature set's (3 for the seed's). */
  duration?: number;
  /** Hide the progress bar. Default false. */
  quiet?: boolean;
  /** Progress bar label. Default `"features"`. */
  label?: string;
}

/** A clip to extract: its path relative to the root and its content hash (a derived key for an augmented copy). */
export interface ClipRef {
  path: string;
  sha256: string;
  /** Extract from an augmented copy (`augmentationPlan(seed, path, copy)`; babble mixed from these root-joined paths). */
  augment?: AugmentSpec;
}

/** The feature table of a corpus. */
export interface FeatureTable {
  /** Relative paths of the rows, in input order (failed clips left out). */
  paths: string[];
  /** The index in the input list of each row. */
  inputIndex: number[];
  /** The feature set. */
  featureSet: FeatureSetName;
  /** Column names (the feature set's). */
  names: readonly string[];
  /** Features per row. */
  dim: number;
  /** Row-major `[rows][dim]`. */
  data: Float32Array;
  /** Each row's whole file length in seconds (NaN when the decoder cannot tell). */
  seconds: Float32Array;
  /** Clips whose features could not be computed, with the reason. */
  failures: SkippedFile[];
  /** Counts and timing. */
  stats: {
    cached: number;
    computed: number;
    failed: number;
    seconds: number;
    workers: number;
    cacheFile: string | null;
  };
}

/**
 * Extract a feature set (by default the seed's 195 features) for every clip, in parallel, with a content-addressed
 * cache.
 *
 * Clips whose SHA-256 is in the cache for the current feature configuration (features, resampler, window) are
 * served from it; the rest go to a pool of workers (one per core by default) that load and extract them, and each
 * result is appended to the cache as it arrives, so an interrupted run resumes. A clip that fails is recorded in
 * `failures` with its reason and the run goes on. A progress bar shows count, rate and ETA.
 *
 * @param root The corpus root that clip paths are relative to.
 * @param clips Clips to extract (paths relative to root, with content hashes from discovery).
 * @example
 * const { entries } = await discoverCorpus("dataset");
 * const table = await extractCorpus("dataset", entries);
 */
export async function extractCorpus(
  root: string,
  clips: readonly ClipRef[],
  options: ExtractCorpusOptions = {},
): Promise<FeatureTable> {
  const t0 = performance.now();
  const set = FEATURE_SETS[options.featureSet ?? "original"];
  const duration = options.duration ?? set.duration, sampleRate = set.sampleRate;
  const workers = Math.max(1, options.workers ?? navigator.hardwareConcurrency ?? 1);
  const cacheDir = options.cacheDir === undefined ? ".cache/features" : options.cacheDir;
  const key = await featureCacheKey({
    resampler: resamplerInfo().name,
    duration,
    sampleRate,
    featureSet: set.name,
    withSeconds: true,
  });
  // Each cached record is the feature vector followed by the file's length in seconds.
  const cache = cacheDir === null ? null : await FeatureCache.open(cacheDir, key, set.count + 1);
  const plan = planExtraction(clips, cache);
  const { results, firstOf, copies } = plan;
  const bar = progressBar(clips.length, options.label ?? "features", { quiet: options.quiet });
  if (plan.cached) bar.tick(plan.cached);
  if (plan.pending.length > 0) {
    await runExtractionPool(
      plan.pending.map((i) => ({ id: i, path: join(root, clips[i].path), augment: clips[i].augment })),
      {
        workers,
        duration,
        featureSet: set.name,
        onResult: async (id, result, info) => {
          if (result instanceof Float32Array) {
            const record = new Float32Array(set.count + 1);
            record.set(result);
            record[set.count] = info.totalSeconds ?? NaN;
            results[id] = record;
            await cache?.put(clips[id].sha256, record);
          } else results[id] = result;
          bar.tick(copies.get(clips[id].sha256) ?? 1);
        },
      },
    );
  }
  bar.stop();
  cache?.close();
  const table = assembleTable(clips, results, firstOf, set);
  return {
    ...table,
    stats: {
      cached: plan.cached,
      computed: plan.todo - table.failures.length,
      failed: table.failures.length,
      seconds: (performance.now() - t0) / 1000,
      workers,
      cacheFile: cache?.path ?? null,
    },
  };
}

/** A cached record per clip, or a failure's reason, or nothing yet. */
type ClipResult = Float32Array | string | undefined;

/**
 * What to extract: clips served from the cache, and of the rest one per distinct content (identical files are
 * extracted once; `copies` counts them so that the progress bar ticks for each).
 */
function planExtraction(clips: readonly ClipRef[], cache: FeatureCache | null) {
  const results = new Array<ClipResult>(clips.length);
  const todo: number[] = [];
  let cached = 0;
  clips.forEach((c, i) => {
    const hit = cache?.get(c.sha256);
    if (hit) {
      results[i] = hit;
      cached++;
    } else todo.push(i);
  });
  const copies = new Map<string, number>();
  for (const i of todo) copies.set(clips[i].sha256, (copies.get(clips[i].sha256) ?? 0) + 1);
  const firstOf = new Map<string, number>();
  const pending = todo.filter((i) => {
    if (firstOf.has(clips[i].sha256)) return false;
    firstOf.set(clips[i].sha256, i);
    return true;
  });
  return { results, cached, todo: todo.length, copies, firstOf, pending };
}

/** The feature table in clip order: rows that have features, a failure row (with its reason) for the rest. */
function assembleTable(
  clips: readonly ClipRef[],
  results: ClipResult[],
  firstOf: Map<string, number>,
  set: FeatureSet,
): Omit<FeatureTable, "stats"> {
  const paths: string[] = [], inputIndex: number[] = [], failures: SkippedFile[] = [];
  const rows: Float32Array[] = [];
  clips.forEach((c, i) => {
    const r = results[i] ?? results[firstOf.get(c.sha256)!];
    if (r instanceof Float32Array) {
      paths.push(c.path);
      inputIndex.push(i);
      rows.push(r);
    } else {
      failures.push({ path: c.path, reason: `feature extraction failed: ${r ?? "no result"}` });
    }
  });
  const data = new Float32Array(rows.length * set.count);
  rows.forEach((r, i) => data.set(r.subarray(0, set.count), i * set.count));
  const seconds = Float32Array.from(rows, (r) => r[set.count]);
  return { paths, inputIndex, featureSet: set.name, names: set.names, dim: set.count, data, seconds, failures };
}
