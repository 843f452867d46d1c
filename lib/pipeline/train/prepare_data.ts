/**
 * Stage 1, prepare: discover the corpus, extract its feature set (cached, in parallel), split it (the original
 * project's random split, by speaker, or none) and write the data outputs (manifest, skipped, distributions).
 *
 * @module
 */
import { resamplerInfo } from "../../audio/resample.ts";
import {
  assignSplits,
  type Discovery,
  extractCorpus,
  type FeatureTable,
  type ManifestEntry,
  writeDataOutputs,
} from "../../data/mod.ts";
import type { FeatureSetName } from "../../features/feature_sets.ts";
import { DEFAULT_FAMILY, modelFamily } from "../../model/mod.ts";
import { type DataSource, defaults, type PipelineConfig, type PreparedData } from "./config.ts";
import { resolveDataSource } from "./data_source.ts";
/**
 * Extract one feature set for the discovered clips (cached, in parallel), logging what came from where.
 *
 * @returns The feature table and the manifest entries of its rows, in row order.
 */
export async function extractStage(
  source: DataSource,
  discovery: Discovery,
  featureSet: FeatureSetName,
  config: PipelineConfig = {},
): Promise<{ table: FeatureTable; rows: ManifestEntry[] }> {
  const c = defaults(config);
  const table = await extractCorpus(source.root, discovery.entries, {
    workers: config.workers,
    cacheDir: c.cacheDir,
    quiet: config.quiet,
    featureSet,
    label: featureSet === "original" ? "features" : featureSet,
  });
  c.log(
    `features (${featureSet}, ${table.dim} per clip): ${table.paths.length} clips (${table.stats.cached} from cache, ${table.stats.computed} computed, ${table.stats.failed} failed) in ${
      table.stats.seconds.toFixed(1)
    } s`,
  );
  const byPath = new Map(discovery.entries.map((e) => [e.path, e]));
  return { table, rows: table.paths.map((p) => byPath.get(p)!) };
}

/** Log the data source, skips and resampler once, and time discovery. */
export async function discoverStage(
  config: PipelineConfig = {},
): Promise<{ source: DataSource; discovery: Discovery; seconds: number }> {
  const c = defaults(config);
  const t = performance.now();
  const { source, discovery } = await resolveDataSource(config);
  c.log(`data: ${source.note}`);
  c.log(
    `data: discovery ${((performance.now() - t) / 1000).toFixed(2)} s (hashing ${
      discovery.hashing.seconds.toFixed(2)
    } s, ${discovery.hashing.cached} of ${discovery.entries.length} hashes from cache)`,
  );
  if (discovery.skipped.length) {
    c.log(`data: ${discovery.skipped.length} files skipped (reasons in ${c.outputsDir}/skipped.csv)`);
  }
  const info = resamplerInfo();
  c.log(
    `features: resampler ${info.name}${
      info.librosaIdentical
        ? " (libsoxr, librosa-identical)"
        : info.name === "soxr_hq_wasm"
        ? " (libsoxr's WebAssembly build: within ~1e-6 of librosa, not bit-identical)"
        : " (TypeScript fallback: close to, not identical with, librosa)"
    }`,
  );
  return { source, discovery, seconds: (performance.now() - t) / 1000 };
}

/**
 * Discover, extract the model family's feature set (cached, parallel) and split; write the data outputs (manifest,
 * skipped, distributions, split, feature table).
 *
 * @throws {Error} If fewer than 3 clips have features.
 * @throws {SplitError} If the speaker split meets clips without a speaker, or a split part is left empty.
 * @example
 * const data = await prepareData({ dataDir: "dataset", split: "speaker" });
 */
export async function prepareData(config: PipelineConfig = {}): Promise<PreparedData> {
  const c = defaults(config);
  const timings: Record<string, number> = {};
  const { source, discovery, seconds } = await discoverStage(config);
  timings.discover = seconds;
  let t = performance.now();
  const family = modelFamily(config.model ?? DEFAULT_FAMILY.name);
  const { table, rows } = await extractStage(source, discovery, family.featureSet, config);
  timings.extract = (performance.now() - t) / 1000;
  t = performance.now();
  if (rows.length < 3 && c.split !== "none") {
    throw new Error(`only ${rows.length} clips have features; a train/val/test split needs at least 3`);
  }
  const classes = [...new Set(rows.map((r) => r.emotion))].sort();
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.emotion));
  const { split, notes: splitNotes } = assignSplits(rows, { split: c.split, seed: c.seed });
  await writeDataOutputs(c.outputsDir, discovery, table, split);
  timings.split = (performance.now() - t) / 1000;
  return { source, discovery, table, rows, classes, y, seconds: table.seconds, split, splitNotes, timings };
}

/**
 * Long-format values of some feature columns for every clip with features (plain data for
 * `featureDistributionChart`).
 *
 * @param names Feature names from `FEATURE_NAMES`, e.g. `["mfcc_0", "zcr", "rolloff"]`.
 * @throws {RangeError} If a name is not a feature column.
 * @example
 * featureDistributionChart(featureValues(data, ["mfcc_0", "rolloff"]));
 */
export function featureValues(
  data: PreparedData,
  names: readonly string[],
): { emotion: string; feature: string; value: number }[] {
  const cols = names.map((n) => {
    const i = data.table.names.indexOf(n);
    if (i < 0) {
      throw new RangeError(
        `unknown feature column "${n}" (expected one of ${data.table.names[0]} … ${data.table.names.at(-1)})`,
      );
    }
    return i;
  });
  return data.rows.flatMap((r, row) =>
    cols.map((col, k) => ({
      emotion: r.emotion,
      feature: names[k],
      value: data.table.data[row * data.table.dim + col],
    }))
  );
}
