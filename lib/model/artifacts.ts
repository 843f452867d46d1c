import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import type { Scaler } from "./scaler.ts";

/** A problem with saved artifacts: missing, corrupt, or inconsistent with each other or with this code. */
export class ArtifactError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ArtifactError";
  }
}

/** `model_metadata.json`: the seed's fields plus what is needed to reproduce and check a run. */
export interface ModelMetadata {
  architecture: string;
  /** `trained here` (absent in older runs) or `imported from Keras`. */
  origin?: string;
  /** For imported models: the source format, each source file's SHA-256, and where the labels came from. */
  imported?: { from: string; files: Record<string, string>; labels: string; at: string };
  /** The model family (`seed-mlp`, …); absent in older runs, which are all `seed-mlp`. */
  model_family?: string;
  input_features: number;
  num_classes: number;
  classes: string[];
  test_accuracy: number | null;
  test_loss: number | null;
  total_parameters: number;
  trainable_parameters: number;
  non_trainable_parameters: number;
  samples: { train: number; val: number; test: number };
  feature_groups: Record<string, number>;
  /** The feature set's configuration (refused at load when it differs from this code's). */
  feature_config: Record<string, unknown>;
  /** The feature set (`seed` when absent, as in older runs). */
  feature_set?: FeatureSetName;
  /** `speaker` (per-speaker standardisation, with a global fallback model) or `none` (absent in older runs). */
  speaker_norm?: "speaker" | "none";
  /** Models averaged in `model/` (and `global/`). */
  ensemble_members?: number;
  /** Augmented copies per training clip the model was trained with (0 or absent: none). */
  augment_copies?: number;
  /** Gender model in `gender/`, and its cross-checked classes. */
  gender_classes?: string[];
  /** The feature implementation's revision when trained (informational: any revision's features fit any model). */
  feature_revision?: number;
  resampler: string;
  backend: string;
  seed: number;
  split: string;
  data_source: { kind: "real" | "synthetic"; root: string; corpora: Record<string, number> };
  best_epoch: number;
  epochs_run: number;
  created: string;
  versions: Record<string, string>;
  /** How labels were mapped to classes (merge, then the kept set). */
  label_set?: LabelSet;
  /** Clips per detected container and per decoder in the training data. */
  decoders?: { containers: Record<string, number>; by_decoder: Record<string, number> };
}

/** How the data's labels were mapped to the classes (see the data stage's label sets). */
export interface LabelSet {
  /** Renames applied before filtering, e.g. `{ calm: "neutral" }`. */
  merge: Record<string, string>;
  /** The classes kept (`--labels`), or null for every class in the data. */
  labels: string[] | null;
}

/** Everything a predictor needs. */
export interface Artifacts {
  /** The main model: its inputs are speaker-normalised then scaled when `metadata.speaker_norm` is `speaker`. */
  model: tf.LayersModel;
  scaler: Scaler;
  labels: string[];
  metadata: ModelMetadata;
  /** The label mapping used in training; absent means none. */
  labelSet?: LabelSet;
  /** With speaker normalisation: the model for globally scaled clips without speaker statistics (`global/`). */
  fallback?: { model: tf.LayersModel; scaler: Scaler } | null;
  /** The gender model (`gender/`), on globally scaled features. */
  gender?: { model: tf.LayersModel; scaler: Scaler; classes: string[] } | null;
}

/**
 * Serialise a model as tfjs `model.json` + `weights.bin` (loadable by `tf.loadLayersModel` in a browser), into `dir`.
 * Both files are written to a temporary folder that then replaces `dir`, so a reader never sees a mix.
 *
 * @example
 * await saveModel(model, "artifacts/model");
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler((a) => {
    artifacts = a;
    return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } });
  }));
  const a = artifacts!;
  const weightData = a.weightData instanceof ArrayBuffer
    ? new Uint8Array(a.weightData)
    : new Uint8Array(tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]));
  const modelJson = {
    format: "layers-model",
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }],
  };
  const tmp = `${dir}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.mkdir(tmp, { recursive: true });
  await Deno.writeTextFile(join(tmp, "model.json"), JSON.stringify(modelJson));
  await Deno.writeFile(join(tmp, "weights.bin"), weightData);
  const old = `${dir}.${crypto.randomUUID().slice(0, 8)}.old`;
  const had = await Deno.stat(dir).then(() => true, () => false);
  if (had) await Deno.rename(dir, old);
  await Deno.rename(tmp, dir);
  if (had) await Deno.remove(old, { recursive: true });
}

/**
 * Load a model saved by {@linkcode saveModel} (or any tfjs layers-model folder with one weights file).
 *
 * @throws {ArtifactError} If the files are missing, not JSON, or the weights do not match the manifest.
 * @example
 * const model = await loadModel("artifacts/model");
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  let json: { modelTopology: tf.io.ModelJSON["modelTopology"]; weightsManifest: tf.io.WeightsManifestConfig };
  try {
    json = JSON.parse(await Deno.readTextFile(join(dir, "model.json")));
  } catch (e) {
    throw new ArtifactError(
      `${join(dir, "model.json")}: cannot read the model (${
        (e as Error).message
      }); run \`deno task train\` to create it`,
      { cause: e },
    );
  }
  const specs = json.weightsManifest?.flatMap((g) => g.weights) ?? [];
  const paths = json.weightsManifest?.flatMap((g) => g.paths) ?? [];
  const chunks: Uint8Array[] = [];
  for (const p of paths) {
    try {
      chunks.push(await Deno.readFile(join(dir, p)));
    } catch (e) {
      throw new ArtifactError(`${join(dir, p)}: cannot read the weights (${(e as Error).message})`, { cause: e });
    }
  }
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (weightData.set(c, at), at + c.length), 0);
  const expected = specs.reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 1) * 4, 0);
  if (weightData.length !== expected) {
    throw new ArtifactError(
      `${dir}: weights.bin holds ${weightData.length} bytes but model.json describes ${expected} (corrupt or truncated)`,
    );
  }
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }),
    );
  } catch (e) {
    throw new ArtifactError(`${dir}: tfjs could not build the model (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Write a trained run's artifacts into `dir`: `model/` (final weights), `best/` (best val_accuracy checkpoint, when
 * given), `scaler.json`, `labels.json`, `model_metadata.json`, and when present `global/` + `global_scaler.json`
 * (the fallback for clips without speaker statistics) and `gender/` + `gender.json`. Every file is written
 * atomically; `global/` and `gender/` folders of an earlier run that this one does not have are removed.
 *
 * @example
 * await saveArtifacts("artifacts", { model, scaler, labels, metadata });
 */
export async function saveArtifacts(dir: string, a: Artifacts & { best?: tf.LayersModel }): Promise<void> {
  await saveModel(a.model, join(dir, "model"));
  if (a.best) await saveModel(a.best, join(dir, "best"));
  const scalerJson = (sc: Scaler) => JSON.stringify({ mean: sc.mean, scale: sc.scale });
  await writeFileAtomic(join(dir, "scaler.json"), scalerJson(a.scaler));
  if (a.fallback) {
    await saveModel(a.fallback.model, join(dir, "global"));
    await writeFileAtomic(join(dir, "global_scaler.json"), scalerJson(a.fallback.scaler));
  } else {
    await Deno.remove(join(dir, "global"), { recursive: true }).catch(() => {});
    await Deno.remove(join(dir, "global_scaler.json")).catch(() => {});
  }
  if (a.gender) {
    await saveModel(a.gender.model, join(dir, "gender"));
    await writeFileAtomic(
      join(dir, "gender.json"),
      JSON.stringify({
        classes: a.gender.classes,
        scaler: { mean: a.gender.scaler.mean, scale: a.gender.scaler.scale },
      }),
    );
  } else {
    await Deno.remove(join(dir, "gender"), { recursive: true }).catch(() => {});
    await Deno.remove(join(dir, "gender.json")).catch(() => {});
  }
  await writeFileAtomic(
    join(dir, "labels.json"),
    JSON.stringify({ classes: a.labels, label_set: a.labelSet ?? { merge: {}, labels: null } }, null, 2),
  );
  await writeFileAtomic(join(dir, "model_metadata.json"), JSON.stringify(a.metadata, null, 2));
}

async function readJson<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new ArtifactError(
      `${path}: missing (${(e as Error).message}); run \`deno task train\` to create the artifacts`,
      { cause: e },
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ArtifactError(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Load and cross-check a run's artifacts: the model's input width must equal the scaler's and this code's feature
 * count, its output width the number of labels, and the recorded feature configuration this code's.
 *
 * @param dir The artifacts folder.
 * @param options.which `"model"` (final, default) or `"best"` (checkpoint).
 * @throws {ArtifactError} Naming the file and the mismatch, e.g. `scaler.json has 194 features but the model expects 195`.
 * @example
 * const { model, scaler, labels } = await loadArtifacts("artifacts");
 */
export async function loadArtifacts(dir: string, options: { which?: "model" | "best" } = {}): Promise<Artifacts> {
  const metadata = await readJson<ModelMetadata>(join(dir, "model_metadata.json"));
  const scaler = await readJson<Scaler>(join(dir, "scaler.json"));
  const labelFile = await readJson<{ classes: string[]; label_set?: LabelSet }>(join(dir, "labels.json"));
  const labels = labelFile.classes;
  if (!Array.isArray(scaler.mean) || !Array.isArray(scaler.scale) || scaler.mean.length !== scaler.scale.length) {
    throw new ArtifactError(`${join(dir, "scaler.json")}: needs "mean" and "scale" arrays of equal length`);
  }
  if (!Array.isArray(labels) || labels.length < 2) {
    throw new ArtifactError(`${join(dir, "labels.json")}: needs a "classes" array of at least 2 labels`);
  }
  const set = FEATURE_SETS[metadata.feature_set ?? "seed"];
  if (!set) throw new ArtifactError(`${dir}: unknown feature set "${metadata.feature_set}" in model_metadata.json`);
  if (JSON.stringify(metadata.feature_config) !== JSON.stringify(set.config)) {
    throw new ArtifactError(
      `${dir}: trained with ${set.name} feature config ${JSON.stringify(metadata.feature_config)}, but this code uses ${
        JSON.stringify(set.config)
      }; retrain`,
    );
  }
  const model = await loadModel(join(dir, options.which ?? "model"));
  const check = (m: tf.LayersModel, sc: Scaler, files: { scaler: string; labels: string }, outputs: number) => {
    const inputs = m.inputs[0].shape[1], out = m.outputs[0].shape[1];
    if (inputs !== sc.mean.length) {
      throw new ArtifactError(`${dir}: ${files.scaler} has ${sc.mean.length} features but the model expects ${inputs}`);
    }
    if (inputs !== set.count) {
      throw new ArtifactError(
        `${dir}: the model expects ${inputs} features but this code extracts ${set.count} (${set.name} feature set)`,
      );
    }
    if (out !== outputs) {
      throw new ArtifactError(`${dir}: ${files.labels} lists ${outputs} classes but the model outputs ${out}`);
    }
  };
  check(model, scaler, { scaler: "scaler.json", labels: "labels.json" }, labels.length);
  let fallback: Artifacts["fallback"] = null, gender: Artifacts["gender"] = null;
  if (metadata.speaker_norm === "speaker") {
    const sc = await readJson<Scaler>(join(dir, "global_scaler.json"));
    const m = await loadModel(join(dir, "global"));
    check(m, sc, { scaler: "global_scaler.json", labels: "labels.json" }, labels.length);
    fallback = { model: m, scaler: sc };
  }
  if (metadata.gender_classes) {
    const g = await readJson<{ classes: string[]; scaler: Scaler }>(join(dir, "gender.json"));
    const m = await loadModel(join(dir, "gender"));
    check(m, g.scaler, { scaler: "gender.json", labels: "gender.json" }, g.classes.length);
    gender = { model: m, scaler: g.scaler, classes: g.classes };
  }
  return {
    model,
    scaler,
    labels,
    metadata,
    labelSet: labelFile.label_set ?? { merge: {}, labels: null },
    fallback,
    gender,
  };
}
