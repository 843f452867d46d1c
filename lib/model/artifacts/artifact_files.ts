import * as tf from "@tensorflow/tfjs";
import { joinPath as join } from "../../io/file_path.ts";
import type { FeatureSetName } from "../../features/feature_sets.ts";
import { writeFileAtomic } from "../../io/write_atomic.ts";
import type { Scaler } from "../networks/scaler.ts";

/**
 * How artifact files are read: from disk in Deno, over `fetch` on the on-device page (`setArtifactReader`). Paths
 * are folder-relative strings joined with `/` (or URLs).
 */
export interface ArtifactReader {
  text(path: string): Promise<string>;
  bytes(path: string): Promise<Uint8Array>;
}

let reader: ArtifactReader = {
  text: (p) => Deno.readTextFile(p),
  bytes: (p) => Deno.readFile(p),
};

/**
 * Read artifacts through `r` from now on (the on-device page: `fetch`).
 *
 * @example
 * setArtifactReader({ text: async (u) => (await fetch(u)).text(), bytes: async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer()) });
 */
export function setArtifactReader(r: ArtifactReader): void {
  reader = r;
}

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
  /** The model family (`original-mlp`, …; older runs may say `seed-mlp`, its former name); absent in the oldest runs, which are all `original-mlp`. */
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
  /**
   * The use modes the model was trained for (`global` always; `enrolled`, `transductive`). Older runs have none and
   * say `speaker_norm` instead: `speaker` meant transductive with a global fallback, `none` global only.
   */
  modes?: string[];
  /** How the enrolled mode was trained: the reference label and seconds of it per speaker. */
  enrolment?: { label: string; seconds: number };
  /** Older runs only (read, never written): `speaker` or `none`. */
  speaker_norm?: "speaker" | "none";
  /** Models averaged into each mode's model. */
  ensemble_members?: number;
  /** Augmented copies per training clip the model was trained with (0 or absent: none). */
  augment_copies?: number;
  /** The augmentation plan of those copies (`level` or `chain`), null without copies. */
  augment_plan?: string | null;
  /** The domain adversary the model was trained against (gradient reversal), absent for none. */
  adversary?: { by: string; weight: number };
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

/** Write a scaler as `{ "mean": [...], "scale": [...] }`, atomically. */
export async function writeScaler(path: string, scaler: Scaler): Promise<void> {
  await writeFileAtomic(path, JSON.stringify({ mean: scaler.mean, scale: scaler.scale }));
}

/**
 * Read a scaler written by {@linkcode writeScaler}.
 *
 * @throws {ArtifactError} If it is missing, not JSON, or its arrays are missing or of different lengths.
 */
export async function readScaler(path: string): Promise<Scaler> {
  const s = await readJson<Scaler>(path);
  if (!Array.isArray(s?.mean) || !Array.isArray(s.scale) || s.mean.length !== s.scale.length) {
    throw new ArtifactError(`${path}: needs "mean" and "scale" arrays of equal length`);
  }
  return s;
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
    json = JSON.parse(await reader.text(join(dir, "model.json")));
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
      chunks.push(await reader.bytes(join(dir, p)));
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
 * Read a JSON artifact file.
 *
 * @throws {ArtifactError} If it is missing (saying how to create it) or not valid JSON.
 */
export async function readJson<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await reader.text(path);
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
