/**
 * Private: features of augmented copies of training clips (`augmentationPlan`), extracted on the worker pool through
 * the feature cache under a key derived from each clip's content hash and the copy.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { AUGMENT_PLAN_VERSION, CHAIN_PLAN_VERSION, extractCorpus, type ManifestEntry } from "../../data/mod.ts";
import { rngFor } from "../../random.ts";
import type { FeatureSetName } from "../../features/feature_sets.ts";
import { defaults, type PipelineConfig } from "./config.ts";
import type { FitData } from "../../model/mod.ts";

/** Augmented copies: the source row of each, its copy number, and row-major features. */
export interface AugmentedFeatures {
  rows: number[];
  copy: number[];
  data: Float32Array;
}

/**
 * Extract `copies` augmented versions of every eligible clip. Babble noise for a clip is mixed from three clips of other
 * speakers among the eligible ones (chosen from the seed).
 */
export async function extractAugmented(
  root: string,
  entries: readonly ManifestEntry[],
  eligible: readonly boolean[],
  featureSet: FeatureSetName,
  options: { copies: number; seed: number; config: PipelineConfig },
): Promise<AugmentedFeatures> {
  const c = defaults(options.config);
  const pool = entries.map((_, i) => i).filter((i) => eligible[i]);
  const plan = options.config.augmentPlan ?? "level";
  const clips = pool.flatMap((i) =>
    Array.from({ length: options.copies }, (_, k) => {
      const e = entries[i];
      const rng = rngFor(options.seed, `babble:${e.path}:${k}`);
      const others = pool.filter((j) => entries[j].speaker !== e.speaker);
      const babble = [0, 1, 2].map(() => join(root, entries[others[Math.floor(rng() * others.length)] ?? i].path));
      // The cache key names the plan and its version and, for copies that may mix babble, the clips drawn.
      const key = plan === "chain"
        ? `${e.sha256}:augment-chain-v${CHAIN_PLAN_VERSION}:${options.seed}:${k}:${babble.join("|")}`
        : `${e.sha256}:augment-v${AUGMENT_PLAN_VERSION}:${options.seed}:${k}${k % 2 ? `:${babble.join("|")}` : ""}`;
      const sha256 = createHash("sha256").update(key).digest("hex");
      return { path: e.path, sha256, augment: { seed: options.seed, copy: k, babble, plan }, source: i, k };
    })
  );
  const table = await extractCorpus(root, clips, {
    workers: options.config.workers,
    cacheDir: c.cacheDir,
    quiet: options.config.quiet,
    featureSet,
    label: "augment",
  });
  c.log(
    `augment (${plan} plan): ${options.copies} copies of ${pool.length} clips (${table.stats.cached} from cache, ${table.stats.computed} computed, ${table.stats.failed} failed)`,
  );
  return {
    rows: table.inputIndex.map((i) => clips[i].source),
    copy: table.inputIndex.map((i) => clips[i].k),
    data: table.data,
  };
}

/**
 * The fitting data with the augmented copies appended after its rows (their labels and genders from their source
 * rows). Each copy of a speaker is its own pseudo-speaker (`<speaker>#aug<k>`): its voice has been changed, so it gets
 * its own normalisation statistics.
 */
export function appendAugmented(data: FitData, aug: AugmentedFeatures): FitData {
  const n = data.y.length;
  const x = new Float32Array((n + aug.rows.length) * data.dim);
  x.set(data.x.subarray(0, n * data.dim));
  x.set(aug.data, n * data.dim);
  return {
    ...data,
    x,
    y: Int32Array.from([...data.y, ...aug.rows.map((r) => data.y[r])]),
    speakers: [...data.speakers, ...aug.rows.map((r, j) => `${data.speakers[r]}#aug${aug.copy[j]}`)],
    genders: [...data.genders, ...aug.rows.map((r) => data.genders[r])],
    corpora: data.corpora && [...data.corpora, ...aug.rows.map((r) => data.corpora![r])],
    seconds: Float32Array.from([...Array.from(data.seconds), ...aug.rows.map((r) => data.seconds[r])]),
  };
}
