/**
 * A trained model on disk: `model_metadata.json` and `labels.json` beside the family's own files (`model/` and
 * `scaler.json` for the global mode, `<mode>/` for the others, `gender/`). {@linkcode saveArtifacts} writes them
 * atomically; {@linkcode loadArtifacts} reads and cross-checks them, older runs' layouts included.
 *
 * @module
 */
import { ARTIFACT_FILES } from "./artifact_layout.ts";
import type * as tf from "@tensorflow/tfjs";
import { joinPath as join } from "../../io/file_path.ts";
import { FEATURE_SETS, featureSet } from "../../features/feature_sets.ts";
import { writeFileAtomic } from "../../io/write_atomic.ts";
import { ArtifactError, type LabelSet, type ModelMetadata, readJson } from "./artifact_files.ts";
import { initBackend } from "../engine/backend.ts";
import type { FittedFamily } from "../families/family.ts";
import { LEGACY_FAMILY, modelFamily } from "../families/family_registry.ts";

export * from "./artifact_files.ts";

/** What a model trained on the synthetic demo corpus says about itself. */
export const SYNTHETIC_WARNING =
  "this model was trained on the SYNTHETIC demo corpus: its answers say nothing about real voices; " +
  "train on real recordings (./ser train --data DIR) before trusting it";

/**
 * The warning a model's outputs carry when it was trained on the synthetic demo corpus, else null.
 *
 * @example
 * syntheticWarning(trained.metadata); // null for a model trained on recordings
 */
export function syntheticWarning(metadata: Pick<ModelMetadata, "data_source">): string | null {
  return metadata.data_source?.kind === "synthetic" ? SYNTHETIC_WARNING : null;
}

/** A trained model: the fitted family, its classes, metadata and label mapping. */
export interface TrainedModel {
  fitted: FittedFamily;
  /** Class names in the model's output order. */
  labels: string[];
  metadata: ModelMetadata;
  /** The label mapping used in training; absent means none. */
  labelSet: LabelSet;
}

/**
 * Write a trained model's artifacts into `dir`: the family's models and scalers, `best/` (the best val_accuracy
 * checkpoint, when given), `labels.json` and `model_metadata.json`. Every file is written atomically; folders an
 * earlier run left that this one does not have are removed.
 *
 * @example
 * await saveArtifacts("artifacts", { fitted, labels, metadata, labelSet });
 */
export async function saveArtifacts(dir: string, a: TrainedModel & { best?: tf.LayersModel }): Promise<void> {
  await a.fitted.family.save(dir, a.fitted, { best: a.best });
  await writeFileAtomic(
    join(dir, ARTIFACT_FILES.labels),
    JSON.stringify({ classes: a.labels, label_set: a.labelSet ?? { merge: {}, labels: null } }, null, 2),
  );
  await writeFileAtomic(join(dir, ARTIFACT_FILES.metadata), JSON.stringify(a.metadata, null, 2));
}

/**
 * Load and cross-check a run's artifacts: the family named in the metadata (the oldest runs: `original-mlp`) reads its files;
 * every model's input width must equal its scaler's and this code's feature count, its output width the number of
 * labels, and the recorded feature configuration this code's.
 *
 * @param dir The artifacts folder.
 * @param options.which `"model"` (final, default) or `"best"` (the global model's checkpoint).
 * @throws {ArtifactError} Naming the file and the mismatch, e.g. `scaler.json has 194 features but the model expects 195`.
 * @example
 * const { fitted, labels } = await loadArtifacts("artifacts");
 */
export async function loadArtifacts(dir: string, options: { which?: "model" | "best" } = {}): Promise<TrainedModel> {
  await initBackend();
  const metadata = await readJson<ModelMetadata>(join(dir, ARTIFACT_FILES.metadata));
  const labelFile = await readJson<{ classes: string[]; label_set?: LabelSet }>(join(dir, ARTIFACT_FILES.labels));
  const labels = labelFile.classes;
  if (!Array.isArray(labels) || labels.length < 2) {
    throw new ArtifactError(`${join(dir, ARTIFACT_FILES.labels)}: needs a "classes" array of at least 2 labels`);
  }
  const set = featureSet(metadata.feature_set ?? "original");
  if (!set) throw new ArtifactError(`${dir}: unknown feature set "${metadata.feature_set}" in model_metadata.json`);
  if (JSON.stringify(metadata.feature_config) !== JSON.stringify(set.config)) {
    throw new ArtifactError(
      `${dir}: trained with ${set.name} feature config ${JSON.stringify(metadata.feature_config)}, but this code uses ${
        JSON.stringify(set.config)
      }; retrain`,
    );
  }
  let family;
  try {
    family = metadata.model_family ? modelFamily(metadata.model_family) : LEGACY_FAMILY;
  } catch (e) {
    throw new ArtifactError(`${dir}: ${(e as Error).message} in model_metadata.json`);
  }
  if (family.featureSet !== set.name) {
    throw new ArtifactError(
      `${dir}: the model expects ${
        FEATURE_SETS[family.featureSet].count
      } features but this code extracts ${set.count} ` +
        `(${set.name} feature set, as model_metadata.json says)`,
    );
  }
  const fitted = await family.load(dir, { ...metadata, classes: labels }, options);
  return { fitted, labels, metadata, labelSet: labelFile.label_set ?? { merge: {}, labels: null } };
}
