/**
 * Bring a Keras model over: read a Keras 3 `.keras` file (a zip of `config.json`, `metadata.json` and
 * `model.weights.h5`) or a legacy Keras 2 full-model `.h5`, and rebuild it as a tfjs layers model with the same
 * weights, so that the seed's own trained networks run here unchanged.
 *
 * The zip is read with fflate and the HDF5 with jsfive (pure JavaScript; chosen over h5wasm by measurement, see the
 * README). Layers are mapped one to one — InputLayer, Dense, BatchNormalization (its epsilon and moving statistics),
 * Dropout, Activation — and anything that cannot be mapped faithfully is refused with the layer and option named.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { unzipSync } from "fflate";
import * as jsfive from "jsfive";

/** A Keras file that cannot be read or mapped faithfully to tfjs. */
export class KerasImportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "KerasImportError";
  }
}

/** One layer of a Keras model: its class, name, config and weights (in Keras's variable order). */
export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  weights: { shape: number[]; values: Float32Array }[];
}

/** What {@linkcode readKerasModel} found. */
export interface KerasModelFile {
  /** `keras` (Keras 3 zip) or `h5` (legacy Keras 2 full model). */
  format: "keras" | "h5";
  kerasVersion: string;
  /** Input width from the InputLayer (or the first layer's batch shape). */
  inputDim: number;
  layers: KerasLayer[];
}

// Minimal view of jsfive's API (it ships no types).
interface H5Node {
  keys?: string[];
  attrs: Record<string, unknown>;
  get(path: string): H5Node;
  value?: number[];
  shape?: number[];
}

function openH5(bytes: Uint8Array, name: string): H5Node {
  try {
    const File = (jsfive as unknown as { File: new (b: ArrayBuffer, n: string) => H5Node }).File;
    return new File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
  } catch (e) {
    throw new KerasImportError(`${name}: not a readable HDF5 file (${e instanceof Error ? e.message : e})`, {
      cause: e,
    });
  }
}

function h5get(root: H5Node, path: string, name: string): H5Node {
  try {
    return root.get(path);
  } catch (e) {
    throw new KerasImportError(`${name}: the weights file has no "${path}" (${e instanceof Error ? e.message : e})`);
  }
}

/** The most values one weights dataset may declare (a seed-sized model has under 300,000). */
export const MAX_DATASET_VALUES = 16_000_000;

function dataset(node: H5Node, path: string, name: string): { shape: number[]; values: Float32Array } {
  // The declared shape is checked before the data is read: a dataset declaring billions of values is never read.
  if (!Array.isArray(node.shape)) throw new KerasImportError(`${name}: "${path}" is not a numeric dataset`);
  const shape = node.shape.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isFinite(count) || count > MAX_DATASET_VALUES) {
    throw new KerasImportError(
      `${name}: "${path}" declares ${shape.join("×")} values, over the ${MAX_DATASET_VALUES.toLocaleString("en-US")} ` +
        "a weights dataset may hold: not a model this importer reads",
    );
  }
  if (!Array.isArray(node.value)) throw new KerasImportError(`${name}: "${path}" is not a numeric dataset`);
  return { shape, values: Float32Array.from(node.value) };
}

/** An HDF5 string attribute as text (fixed-length strings come NUL-padded). */
const textOf = (v: unknown): string =>
  (typeof v === "string"
    ? v
    : v instanceof Uint8Array
    ? new TextDecoder().decode(v)
    : Array.isArray(v)
    ? textOf(v[0])
    : String(v)).replace(/\0+$/, "");

type LayerConfig = { class_name: string; config: Record<string, unknown> };

function inputWidth(layers: LayerConfig[], name: string): number {
  for (const l of layers) {
    const shape = (l.config.batch_shape ?? l.config.batch_input_shape) as unknown[] | undefined;
    if (Array.isArray(shape)) {
      if (shape.length !== 2 || !Number.isInteger(shape[1])) {
        throw new KerasImportError(`${name}: input shape ${JSON.stringify(shape)} is not [batch, features]`);
      }
      return shape[1] as number;
    }
  }
  throw new KerasImportError(`${name}: no input shape in the model config`);
}

function sequentialLayers(config: unknown, name: string): LayerConfig[] {
  const c = config as { class_name?: string; config?: { layers?: LayerConfig[] } };
  if (c?.class_name !== "Sequential" || !Array.isArray(c.config?.layers)) {
    throw new KerasImportError(
      `${name}: model class "${c?.class_name}" is not supported (only Sequential models can be imported)`,
    );
  }
  return c.config!.layers!;
}

/** The entries of a `.keras` zip that are read, and the most each may declare uncompressed (bytes). */
export const KERAS_ENTRY_LIMITS: Record<string, number> = {
  "config.json": 4 * 1024 * 1024,
  "metadata.json": 64 * 1024,
  "model.weights.h5": 256 * 1024 * 1024,
};

/**
 * A `.keras` zip's entries, bounded: an entry with an absolute or `..` path is refused (naming it), an entry this
 * importer reads that declares more than its limit is refused before it is inflated, and other entries are never
 * inflated. fflate inflates into a buffer of the declared size, so an entry that lies about its size cannot grow.
 */
function unzipBounded(bytes: Uint8Array, name: string): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, {
      filter(f) {
        if (
          f.name.startsWith("/") || f.name.startsWith("\\") || /^[a-z]:/i.test(f.name) ||
          f.name.split(/[\\/]/).includes("..")
        ) {
          throw new KerasImportError(`${name}: the zip entry "${f.name}" points outside the archive: refused`);
        }
        const limit = KERAS_ENTRY_LIMITS[f.name];
        if (limit === undefined) return false;
        if (f.originalSize > limit) {
          throw new KerasImportError(
            `${name}: the zip entry "${f.name}" declares ${f.originalSize.toLocaleString("en-US")} bytes, over its ` +
              `${limit.toLocaleString("en-US")}-byte limit: refused as too large`,
          );
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof KerasImportError) throw e;
    throw new KerasImportError(`${name}: not a readable .keras zip (${(e as Error).message})`, { cause: e });
  }
}

/** Keras 3: `model.weights.h5` holds `layers/<name>/vars/<i>` in variable-creation order. */
function readKeras3(bytes: Uint8Array, name: string): KerasModelFile {
  const files = unzipBounded(bytes, name);
  for (const f of ["config.json", "model.weights.h5"]) {
    if (!files[f]) throw new KerasImportError(`${name}: the .keras zip has no ${f}`);
  }
  const dec = new TextDecoder();
  let config: unknown, meta: { keras_version?: string } = {};
  try {
    config = JSON.parse(dec.decode(files["config.json"]));
    if (files["metadata.json"]) meta = JSON.parse(dec.decode(files["metadata.json"]));
  } catch (e) {
    throw new KerasImportError(`${name}: config.json is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const layerConfigs = sequentialLayers(config, name);
  const h5 = openH5(files["model.weights.h5"], `${name}/model.weights.h5`);
  const layers = layerConfigs.filter((l) => l.class_name !== "InputLayer").map((l): KerasLayer => {
    const lname = String(l.config.name);
    const vars = h5get(h5, `layers/${lname}/vars`, name);
    const keys = (vars.keys ?? []).map(Number).sort((a, b) => a - b);
    return {
      className: l.class_name,
      name: lname,
      config: l.config,
      weights: keys.map((k) => dataset(vars.get(String(k)), `layers/${lname}/vars/${k}`, name)),
    };
  });
  return { format: "keras", kerasVersion: meta.keras_version ?? "3", inputDim: inputWidth(layerConfigs, name), layers };
}

/** Keras 2 full-model `.h5`: `model_config` attribute, weights under `model_weights/<layer>/<weight_name>`. */
function readKeras2(bytes: Uint8Array, name: string): KerasModelFile {
  const h5 = openH5(bytes, name);
  if (h5.attrs.model_config === undefined) {
    throw new KerasImportError(`${name}: an HDF5 file without "model_config": not a Keras full-model .h5`);
  }
  let config: unknown;
  try {
    config = JSON.parse(textOf(h5.attrs.model_config));
  } catch (e) {
    throw new KerasImportError(`${name}: model_config is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const layerConfigs = sequentialLayers(config, name);
  const root = h5get(h5, "model_weights", name);
  const layers = layerConfigs.filter((l) => l.class_name !== "InputLayer").map((l): KerasLayer => {
    const lname = String(l.config.name);
    const group = h5get(root, lname, name);
    const names = [group.attrs.weight_names ?? []].flat().map(textOf);
    return {
      className: l.class_name,
      name: lname,
      config: l.config,
      weights: names.map((w) => dataset(h5get(group, w, name), `model_weights/${lname}/${w}`, name)),
    };
  });
  return {
    format: "h5",
    kerasVersion: textOf(h5.attrs.keras_version ?? "2"),
    inputDim: inputWidth(layerConfigs, name),
    layers,
  };
}

/**
 * Read a Keras model file, by content: a zip (`PK`) is Keras 3's `.keras`, an HDF5 signature a legacy `.h5`.
 *
 * @param bytes The file.
 * @param name The file name, for messages.
 * @throws {KerasImportError} If the file is neither, is truncated, or lacks the config or weights.
 * @example
 * const k = readKerasModel(await Deno.readFile("best_ser_model.keras"), "best_ser_model.keras");
 */
export function readKerasModel(bytes: Uint8Array, name: string): KerasModelFile {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readKeras3(bytes, name);
  if (bytes[0] === 0x89 && String.fromCharCode(...bytes.subarray(1, 4)) === "HDF") return readKeras2(bytes, name);
  throw new KerasImportError(
    `${name}: neither a .keras zip nor a Keras .h5 file (first bytes are not "PK" or "\\x89HDF")`,
  );
}

const ACTIVATIONS: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  softmax: "softmax",
  sigmoid: "sigmoid",
  tanh: "tanh",
  elu: "elu",
  selu: "selu",
  softplus: "softplus",
  softsign: "softsign",
  swish: "swish",
  silu: "swish",
};

function activationOf(layer: KerasLayer, name: string): string {
  const a = layer.config.activation;
  const key = typeof a === "string" ? a : (a as { config?: { name?: string } })?.config?.name ?? JSON.stringify(a);
  const mapped = ACTIVATIONS[key];
  if (!mapped) {
    throw new KerasImportError(`${name}: layer "${layer.name}" has activation "${key}", which tfjs cannot reproduce`);
  }
  return mapped;
}

/** Options that change inference and that the mapping does not reproduce. */
function refuseOptions(layer: KerasLayer, name: string): void {
  const c = layer.config;
  const refuse = (option: string, value: unknown) => {
    throw new KerasImportError(
      `${name}: layer "${layer.name}" (${layer.className}) has ${option} = ${
        JSON.stringify(value)
      }, which cannot be mapped faithfully`,
    );
  };
  const dtype = c.dtype as { config?: { name?: string } } | string | undefined;
  const dtypeName = typeof dtype === "string" ? dtype : dtype?.config?.name;
  if (dtypeName !== undefined && dtypeName !== "float32") refuse("dtype", dtypeName);
  if (c.quantization_config != null) refuse("quantization_config", c.quantization_config);
  if (c.lora_rank) refuse("lora_rank", c.lora_rank);
  if (layer.className === "BatchNormalization") {
    const axis = Array.isArray(c.axis) ? c.axis : [c.axis];
    if (!(axis.length === 1 && (axis[0] === -1 || axis[0] === 1))) refuse("axis", c.axis);
    if (c.renorm) refuse("renorm", c.renorm);
    if (c.virtual_batch_size != null) refuse("virtual_batch_size", c.virtual_batch_size);
  }
}

/**
 * Rebuild a Keras Sequential model as a tfjs layers model with the same weights.
 *
 * @param k From {@linkcode readKerasModel}.
 * @param name The file name, for messages.
 * @returns A tfjs model whose `predict` in inference mode matches Keras's (Dropout off, BatchNorm's moving statistics).
 * @throws {KerasImportError} Naming the layer and option that cannot be mapped (an unknown layer class, an
 *   activation tfjs lacks, a non-float32 dtype, a weight count or shape that does not fit).
 * @example
 * const model = kerasToTfjs(readKerasModel(bytes, "model.keras"), "model.keras");
 */
export function kerasToTfjs(k: KerasModelFile, name: string): tf.Sequential {
  const model = tf.sequential({ name: "imported_keras" });
  let width = k.inputDim;
  k.layers.forEach((layer, i) => {
    refuseOptions(layer, name);
    const first = i === 0 ? { inputShape: [k.inputDim] } : {};
    const c = layer.config;
    const expect = (n: number, what: string) => {
      if (layer.weights.length !== n) {
        throw new KerasImportError(
          `${name}: layer "${layer.name}" (${layer.className}) has ${layer.weights.length} weight arrays, expected ${n} (${what})`,
        );
      }
    };
    switch (layer.className) {
      case "Dense": {
        const useBias = c.use_bias !== false, units = Number(c.units);
        expect(useBias ? 2 : 1, useBias ? "kernel, bias" : "kernel");
        const [kernel] = layer.weights;
        if (kernel.shape[0] !== width || kernel.shape[1] !== units) {
          throw new KerasImportError(
            `${name}: layer "${layer.name}" kernel is ${kernel.shape.join("×")}, expected ${width}×${units}`,
          );
        }
        model.add(tf.layers.dense({ ...first, units, useBias, activation: activationOf(layer, name) as "relu" }));
        width = units;
        break;
      }
      case "BatchNormalization": {
        const center = c.center !== false, scale = c.scale !== false;
        expect(2 + Number(center) + Number(scale), "gamma, beta, moving mean, moving variance");
        model.add(tf.layers.batchNormalization({
          ...first,
          axis: -1,
          epsilon: Number(c.epsilon ?? 1e-3),
          momentum: Number(c.momentum ?? 0.99),
          center,
          scale,
        }));
        break;
      }
      case "Dropout":
        expect(0, "none");
        model.add(tf.layers.dropout({ ...first, rate: Number(c.rate) }));
        break;
      case "Activation":
        expect(0, "none");
        model.add(tf.layers.activation({ ...first, activation: activationOf(layer, name) as "relu" }));
        break;
      default:
        throw new KerasImportError(
          `${name}: layer "${layer.name}" is a ${layer.className}, which this importer does not map (supported: InputLayer, Dense, BatchNormalization, Dropout, Activation)`,
        );
    }
  });
  // Keras lists each layer's variables in creation order (BatchNorm: gamma, beta, moving mean, moving variance), as
  // each tfjs layer's own weights are; the model-wide list would put the non-trainable ones last.
  model.layers.forEach((target, i) => {
    const source = k.layers[i].weights;
    const want = target.weights.map((w) => w.shape.join("×")).join(", ");
    const given = source.map((w) => w.shape.join("×")).join(", ");
    if (want !== given) {
      model.dispose();
      throw new KerasImportError(`${name}: layer "${k.layers[i].name}" has weights ${given}, but it needs ${want}`);
    }
    const tensors = source.map((w) => tf.tensor(w.values, w.shape));
    target.setWeights(tensors);
    tf.dispose(tensors);
  });
  return model;
}

/** A short description of the layers, e.g. `Dense 512 relu → Dropout 0.3 → BatchNormalization → … → Dense 8 softmax`. */
export function describeKerasLayers(k: KerasModelFile): string {
  return k.layers.map((l) => {
    const c = l.config;
    if (l.className === "Dense") {
      return `Dense ${c.units} ${typeof c.activation === "string" ? c.activation : ""}`.trim();
    }
    if (l.className === "Dropout") return `Dropout ${c.rate}`;
    if (l.className === "Activation") return `Activation ${c.activation}`;
    return l.className;
  }).join(" → ");
}
