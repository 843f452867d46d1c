/**
 * What a training run records about itself: `model_metadata.json`'s fields, the versions of what ran, and which
 * decoders read the data.
 *
 * @module
 */
import { resamplerInfo } from "../../audio/resample.ts";
import { audioDecoders } from "../../audio/audio_reader.ts";
import { countBy } from "../../data/mod.ts";
import { FEATURE_GROUPS } from "../../features/extract_features.ts";
import { FEATURE_SETS } from "../../features/feature_sets.ts";
import { type FittedFamily, type ModelMetadata, USE_MODE_NAMES } from "../../model/mod.ts";
import type { PreparedData } from "./config.ts";

/** Deno, tfjs and the native libraries behind the audio stage, for metadata and run records. */
export async function runVersions(tfjs: string): Promise<Record<string, string>> {
  const d = await audioDecoders();
  return {
    deno: Deno.version.deno,
    tfjs,
    libsoxr: resamplerInfo().version ?? "none",
    libsndfile: d.libsndfile ?? "none",
    ffmpeg: d.ffmpeg ?? "none",
  };
}

/** Clips per container and per decoder among the rows used. */
export function decodersUsed(
  data: Pick<PreparedData, "rows">,
): { containers: Record<string, number>; by_decoder: Record<string, number> } {
  return {
    containers: Object.fromEntries(countBy(data.rows.map((r) => r.container))),
    by_decoder: Object.fromEntries(countBy(data.rows.map((r) => r.decoder))),
  };
}

/** Feature groups and their sizes, as the metadata lists them. */
function featureGroups(set: string): Record<string, number> {
  return set === "original"
    ? Object.fromEntries(FEATURE_GROUPS.map((g) => [g.name, g.size]))
    : { [`${set}_features`]: FEATURE_SETS[set as keyof typeof FEATURE_SETS].count };
}

/**
 * `model_metadata.json` for a fitted family trained on prepared data (test results are filled in by evaluation).
 *
 * @example
 * const metadata = await trainingMetadata(data, fitted, { seed: 42, split: "speaker", augment: 0, backend });
 */
export async function trainingMetadata(
  data: PreparedData,
  fitted: FittedFamily,
  run: {
    seed: number;
    split: string;
    augment: number;
    augmentPlan?: string;
    adversary?: { by: string; weight: number } | null;
    backend: { name: string; simd: boolean; tfjs: string };
    counts: { train: number; val: number; test: number };
  },
): Promise<ModelMetadata> {
  const family = fitted.family, set = FEATURE_SETS[family.featureSet];
  const model = fitted.modes.global.model;
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((s, w) => s + w.read().size, 0);
  return {
    architecture: family.description,
    origin: "trained here",
    model_family: family.name,
    feature_set: set.name,
    modes: USE_MODE_NAMES.filter((m) => fitted.modes[m]),
    ...(fitted.enrolment ? { enrolment: fitted.enrolment } : {}),
    ensemble_members: family.members,
    augment_copies: run.augment,
    augment_plan: run.augment ? run.augmentPlan ?? "level" : null,
    ...(run.adversary ? { adversary: run.adversary } : {}),
    gender_classes: fitted.gender?.classes,
    input_features: set.count,
    num_classes: data.classes.length,
    classes: data.classes,
    test_accuracy: null,
    test_loss: null,
    total_parameters: total,
    trainable_parameters: trainable,
    non_trainable_parameters: total - trainable,
    samples: run.counts,
    feature_groups: featureGroups(set.name),
    feature_config: set.config,
    feature_revision: set.revision,
    resampler: resamplerInfo().name,
    backend: `${run.backend.name}${run.backend.simd ? "-simd" : ""}`,
    seed: run.seed,
    split: run.split,
    data_source: {
      kind: data.source.kind,
      root: data.source.root,
      corpora: Object.fromEntries(countBy(data.rows.map((r) => r.corpus))),
    },
    best_epoch: fitted.bestEpoch + 1,
    epochs_run: fitted.history.length,
    created: new Date().toISOString(),
    versions: await runVersions(run.backend.tfjs),
    decoders: decodersUsed(data),
    label_set: data.discovery.labelSet,
  };
}
