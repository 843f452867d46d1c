/**
 * The Python project's saved Keras model, scaler and label pickles → this project's artifacts, readable by
 * predict, the server and the site (no Python needed).
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { SEED_EMOTIONS, sha256Hex } from "../../data/mod.ts";
import { FEATURE_CONFIG, FEATURE_COUNT, FEATURE_GROUPS, FEATURE_REVISION } from "../../features/extract_features.ts";
import {
  describeKerasLayers,
  globalOnly,
  initBackend,
  KerasImportError,
  kerasToTfjs,
  LEGACY_FAMILY,
  type ModelMetadata,
  readKerasModel,
  readLabelEncoderPickle,
  readScalerPickle,
  saveArtifacts,
} from "../../model/mod.ts";

/** Options for {@linkcode importKerasArtifacts}. */
export interface ImportKerasOptions {
  /** The scikit-learn StandardScaler pickle. Default: `scaler.pkl` beside the model, if present. */
  scaler?: string;
  /** The LabelEncoder pickle. Default: `label_encoder.pkl` beside the model, if present; else the seed's classes. */
  labels?: string;
  /** Artifacts folder to write. Default `artifacts`. */
  out?: string;
}

/** What an import wrote. */
export interface ImportSummary {
  out: string;
  classes: string[];
  /** Where the classes came from, in words (a pickle, or the seed's alphabetical default). */
  labelsSource: string;
  architecture: string;
  parameters: number;
  kerasVersion: string;
  sources: Record<string, string>;
}

async function readFileNamed(path: string, what: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new KerasImportError(`${path}: cannot read the ${what} (${(e as Error).message})`, { cause: e });
  }
}

const exists = (p: string) => Deno.stat(p).then((s) => s.isFile, () => false);

/**
 * Import a Python-trained seed model — a Keras `.keras` (or legacy `.h5`), its `scaler.pkl` and `label_encoder.pkl` —
 * as this project's artifacts: tfjs `model/` (`model.json` + `weights.bin`), `scaler.json`, `labels.json` and
 * `model_metadata.json` marked `imported from Keras` with the SHA-256 of every source file. `predict`, the server and
 * the notebooks then use it as they use a model trained here. The pickles are read without executing anything
 * (`read_pickle.ts`).
 *
 * @param modelPath The `.keras` or `.h5` file.
 * @param options Scaler and label pickles, and the output folder; see {@linkcode ImportKerasOptions}.
 * @throws {KerasImportError | PickleError} Naming the file and the problem: a truncated zip, an unmappable layer, a
 *   forbidden pickle global, a scaler that is not 195 wide, or a label count that differs from the output layer's.
 * @example
 * await importKerasArtifacts("seed/artifacts/best_ser_model.keras", { out: "artifacts" });
 */
export async function importKerasArtifacts(
  modelPath: string,
  options: ImportKerasOptions = {},
): Promise<ImportSummary> {
  const out = options.out ?? "artifacts";
  const beside = (f: string) => join(dirname(modelPath), f);
  const scalerPath = options.scaler ?? ((await exists(beside("scaler.pkl"))) ? beside("scaler.pkl") : null);
  const labelsPath = options.labels ??
    ((await exists(beside("label_encoder.pkl"))) ? beside("label_encoder.pkl") : null);
  if (!scalerPath) {
    throw new KerasImportError(
      `${modelPath}: no scaler: pass --scaler scaler.pkl (the StandardScaler the model was trained with); the model expects standardised features`,
    );
  }
  const modelBytes = await readFileNamed(modelPath, "model");
  const scalerBytes = await readFileNamed(scalerPath, "scaler");
  const labelBytes = labelsPath ? await readFileNamed(labelsPath, "label encoder") : null;

  const keras = readKerasModel(modelBytes, modelPath);
  const scaler = readScalerPickle(scalerBytes, scalerPath);
  if (keras.inputDim !== FEATURE_COUNT) {
    throw new KerasImportError(
      `${modelPath}: the model takes ${keras.inputDim} features, but the seed's feature set has ${FEATURE_COUNT}`,
    );
  }
  if (scaler.mean.length !== FEATURE_COUNT) {
    throw new KerasImportError(
      `${scalerPath}: the scaler has ${scaler.mean.length} features, but the model and the seed's feature set have ${FEATURE_COUNT}`,
    );
  }
  await initBackend();
  const model = kerasToTfjs(keras, modelPath);
  const outputs = model.outputs[0].shape[1] as number;
  const classes = labelBytes ? readLabelEncoderPickle(labelBytes, labelsPath!) : [...SEED_EMOTIONS];
  const labelsSource = labelBytes
    ? `${basename(labelsPath!)} (LabelEncoder.classes_)`
    : "no label encoder given: the seed's alphabetical classes";
  if (classes.length !== outputs) {
    model.dispose();
    throw new KerasImportError(
      `${labelsPath ?? "the seed's classes"}: ${classes.length} labels (${
        classes.join(", ")
      }) but the model's output layer has ${outputs} units`,
    );
  }
  const sources: Record<string, string> = { [basename(modelPath)]: await sha256Hex(modelBytes) };
  sources[basename(scalerPath)] = await sha256Hex(scalerBytes);
  if (labelBytes) sources[basename(labelsPath!)] = await sha256Hex(labelBytes);
  const architecture = `imported from Keras ${keras.kerasVersion}: ${describeKerasLayers(keras)}`;
  const metadata = importedMetadata(keras, model, { architecture, classes, sources, labelsSource });
  const parameters = metadata.total_parameters;
  await saveArtifacts(out, {
    fitted: globalOnly(LEGACY_FAMILY, { model, scaler }),
    labels: classes,
    metadata,
    labelSet: { merge: {}, labels: null },
  });
  model.dispose();
  return { out, classes, labelsSource, architecture, parameters, kerasVersion: keras.kerasVersion, sources };
}

/** `model_metadata.json` of an imported model: marked `imported from Keras`, with every source file's SHA-256. */
function importedMetadata(
  keras: ReturnType<typeof readKerasModel>,
  model: ReturnType<typeof kerasToTfjs>,
  d: { architecture: string; classes: string[]; sources: Record<string, string>; labelsSource: string },
): ModelMetadata {
  const parameters = model.countParams();
  const trainable = model.trainableWeights.reduce((s, w) => s + w.read().size, 0);
  const { architecture, classes, sources, labelsSource } = d;
  return {
    architecture,
    origin: "imported from Keras",
    imported: {
      from: `Keras ${keras.kerasVersion} (${keras.format === "keras" ? ".keras zip" : "legacy .h5"})`,
      files: sources,
      labels: labelsSource,
      at: new Date().toISOString(),
    },
    model_family: LEGACY_FAMILY.name,
    modes: ["global"],
    input_features: FEATURE_COUNT,
    num_classes: classes.length,
    classes,
    test_accuracy: null,
    test_loss: null,
    total_parameters: parameters,
    trainable_parameters: trainable,
    non_trainable_parameters: parameters - trainable,
    samples: { train: 0, val: 0, test: 0 },
    feature_groups: Object.fromEntries(FEATURE_GROUPS.map((g) => [g.name, g.size])),
    feature_config: FEATURE_CONFIG,
    feature_revision: FEATURE_REVISION,
    resampler: "soxr_hq",
    backend: "imported",
    seed: 0,
    split: "unknown (trained in Python)",
    data_source: { kind: "real", root: "imported", corpora: {} },
    best_epoch: 0,
    epochs_run: 0,
    created: new Date().toISOString(),
    versions: { keras: keras.kerasVersion, deno: Deno.version.deno },
  };
}
