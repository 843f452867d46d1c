import { resamplerInfo } from "../audio/resample.ts";
import { assignSplits, extractCorpus, writeDataOutputs } from "../data/mod.ts";
import { FEATURE_COUNT } from "../features/extract_features.ts";
import { defaults, type PipelineConfig, type PreparedData } from "./config.ts";
import { resolveDataSource } from "./data_source.ts";
/**
 * Discover, extract (cached, parallel) and split; write the data outputs (manifest, skipped, distributions, split,
 * feature table).
 *
 * @throws {Error} If fewer than 3 clips have features.
 * @throws {SplitError} If the speaker split meets clips without a speaker, or a split part is left empty.
 * @example
 * const data = await prepareData({ dataDir: "dataset", split: "speaker" });
 */
export async function prepareData(config: PipelineConfig = {}): Promise<PreparedData> {
  const c = defaults(config);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (k: string) => {
    timings[k] = (performance.now() - t) / 1000;
    t = performance.now();
  };
  const { source, discovery } = await resolveDataSource(config);
  c.log(`data: ${source.note}`);
  if (discovery.skipped.length) {
    c.log(`data: ${discovery.skipped.length} files skipped (reasons in ${c.outputsDir}/skipped.csv)`);
  }
  lap("discover");
  const info = resamplerInfo();
  c.log(
    `features: resampler ${info.name}${
      info.librosaIdentical
        ? " (libsoxr, librosa-identical)"
        : " (TypeScript fallback: close to, not identical with, librosa)"
    }`,
  );
  const table = await extractCorpus(source.root, discovery.entries, {
    workers: config.workers,
    cacheDir: c.cacheDir,
    quiet: config.quiet,
  });
  c.log(
    `features: ${table.paths.length} clips (${table.stats.cached} from cache, ${table.stats.computed} computed, ${table.stats.failed} failed) in ${
      table.stats.seconds.toFixed(1)
    } s`,
  );
  lap("extract");
  const byPath = new Map(discovery.entries.map((e) => [e.path, e]));
  const rows = table.paths.map((p) => byPath.get(p)!);
  if (rows.length < 3) {
    throw new Error(`only ${rows.length} clips have features; a train/val/test split needs at least 3`);
  }
  const classes = [...new Set(rows.map((r) => r.emotion))].sort();
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.emotion));
  const { split, notes: splitNotes } = assignSplits(rows, { split: c.split, seed: c.seed });
  await writeDataOutputs(c.outputsDir, discovery, table, split);
  lap("split");
  return { source, discovery, table, rows, classes, y, split, splitNotes, timings };
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
    if (i < 0) throw new RangeError(`unknown feature column "${n}" (expected one of mfcc_0 … rolloff)`);
    return i;
  });
  return data.rows.flatMap((r, row) =>
    cols.map((col, k) => ({ emotion: r.emotion, feature: names[k], value: data.table.data[row * FEATURE_COUNT + col] }))
  );
}
