/**
 * ONNX export: a trained model as one ONNX graph (opset 13), runnable by onnxruntime from Python, C#, Java, C++, a
 * phone or a browser.
 *
 * - Input `features` (float32 `[n, F]`): the raw feature vector in the column order `./ser features --feature-set`
 *   writes; the scaler is inside the graph (`(x − mean) / scale`).
 * - Output `probabilities` (float32 `[n, C]`) in the class order of `metadata_props["labels"]` (a JSON array); an
 *   ensemble is one graph (its members' softmaxes averaged by `Mean`); `gender` (`[n, 2]`, `metadata_props
 *   ["gender_labels"]`) is a second output when the model has a gender head.
 * - `forest` is one `TreeEnsembleClassifier` node (the `ai.onnx.ml` domain, opset 1) after the scaler; the other
 *   learners use standard operators only.
 * - The enrolled mode takes a second input `enrolment` (`[1, F]` or `[n, F]`, the enrolment's mean vector, subtracted
 *   before the scaler) and a third, `enrolment_weight` (`[1, 1]` or `[n, 1]`: `min(1, enrolment seconds / 10)`); its
 *   output is `w · enrolled + (1 − w) · global`, as `predict` answers. The transductive mode takes `speaker_mean` and
 *   `speaker_scale` (the speaker group's own statistics). `metadata_props` also names the family, the feature set and
 *   the mode.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { FEATURE_SETS } from "../../features/feature_sets.ts";
import { ProtoWriter } from "./_protobuf.ts";
import { data, floatAttr, Graph, intAttr, valueInfo } from "./_onnx_graph.ts";
import { nearestNodes, ovoDecisionNodes, rbfKernelNodes, treeEnsembleNodes } from "./_onnx_classic.ts";
import type { TrainedModel } from "../artifacts/artifacts.ts";
import type { ScaledModel } from "../families/family.ts";
import type { UseModeName } from "../modes/mode_registry.ts";

/** The opset the graphs use (Debian's onnx 1.12 checks up to 17). */
export const ONNX_OPSET = 13;
/** The `ai.onnx.ml` opset of `forest`'s `TreeEnsembleClassifier`. */
export const ONNX_ML_OPSET = 1;
/** One layer of a tfjs MLP as ONNX nodes: Dense → Gemm (+ activation), BatchNormalization, Dropout → nothing. */
function layerNodes(g: Graph, layer: tf.layers.Layer, x: string): string {
  const kind = layer.getClassName(), w = layer.getWeights(), config = layer.getConfig() as Record<string, unknown>;
  if (kind === "Dropout" || kind === "InputLayer") return x;
  if (kind === "Dense") {
    const [kernel, bias] = w;
    const [inDim, outDim] = kernel.shape as number[];
    const b = bias ? data(bias) : new Float32Array(outDim);
    const y = g.node("Gemm", [x, g.constant("kernel", [inDim, outDim], data(kernel)), g.constant("bias", [outDim], b)]);
    return activation(g, String(config.activation ?? "linear"), y, layer.name);
  }
  if (kind === "BatchNormalization") {
    const [gamma, beta, mean, variance] = w;
    const n = mean.shape[0] as number;
    return g.node("BatchNormalization", [
      x,
      g.constant("gamma", [n], data(gamma)),
      g.constant("beta", [n], data(beta)),
      g.constant("moving_mean", [n], data(mean)),
      g.constant("moving_variance", [n], data(variance)),
    ], [floatAttr("epsilon", Number(config.epsilon ?? 1e-3))]);
  }
  if (kind === "Activation") return activation(g, String(config.activation), x, layer.name);
  if (kind === "RbfKernel") return rbfKernelNodes(g, w[0], Number(config.gamma), x);
  if (kind === "NearestNeighbours") return nearestNodes(g, w, Number(config.k), x);
  if (kind === "TreeEnsemble") return treeEnsembleNodes(g, w, Number(config.classes), x);
  if (kind === "OvoDecision") {
    return ovoDecisionNodes(g, w, config.pairs as [number, number][], Number(config.classes), x);
  }
  throw new RangeError(`layer "${layer.name}" is a ${kind}, which the ONNX export does not map`);
}

function activation(g: Graph, name: string, x: string, layer: string): string {
  if (name === "linear") return x;
  if (name === "relu") return g.node("Relu", [x]);
  if (name === "softmax") return g.node("Softmax", [x], [intAttr("axis", -1)]);
  throw new RangeError(`layer "${layer}" has the activation ${name}, which the ONNX export does not map`);
}

/** A model's layers as chains: one for a Sequential MLP, one per `m<k>_` member of an ensemble. */
function chains(model: tf.LayersModel): tf.layers.Layer[][] {
  const layers = model.layers.filter((l) => !["InputLayer", "Average"].includes(l.getClassName()));
  const members = new Map<string, tf.layers.Layer[]>();
  for (const l of layers) {
    const key = /^m\d+_/.exec(l.name)?.[0] ?? "";
    members.set(key, [...(members.get(key) ?? []), l]);
  }
  return [...members.values()];
}

/** `(x − mean) / scale`, then the model: its members' outputs averaged when there are several. */
function scaledModel(g: Graph, x: string, m: ScaledModel, hint: string): string {
  const dim = m.scaler.mean.length;
  const centred = g.node("Sub", [x, g.constant(`${hint}_scaler_mean`, [dim], m.scaler.mean)]);
  const z = g.node("Div", [centred, g.constant(`${hint}_scaler_scale`, [dim], m.scaler.scale)]);
  const outs = chains(m.model).map((chain) => chain.reduce((h, l) => layerNodes(g, l, h), z));
  return outs.length === 1 ? outs[0] : g.node("Mean", outs);
}

/** Options of {@linkcode exportOnnx}. */
export interface OnnxExportOptions {
  /** The mode to export. Default `global`. */
  mode?: UseModeName;
  /** Include the gender head as a second output. Default true (when the model has one). */
  gender?: boolean;
}

/**
 * A trained model as ONNX bytes (see the module description for the graph's inputs, outputs and metadata).
 *
 * @throws {RangeError} If the model was not trained for `mode`, or has a layer the export does not map.
 * @example
 * await Deno.writeFile("model.onnx", exportOnnx(await loadArtifacts("artifacts")));
 */
export function exportOnnx(trained: TrainedModel, options: OnnxExportOptions = {}): Uint8Array {
  const mode = options.mode ?? "global", f = trained.fitted, set = FEATURE_SETS[f.family.featureSet];
  const model = f.modes[mode];
  if (!model) throw new RangeError(`this model was trained for ${Object.keys(f.modes).join(", ")}, not ${mode}`);
  const g = new Graph(), F = set.count, C = trained.labels.length;
  const inputs = [valueInfo("features", ["n", F])];
  let x = "features";
  if (mode === "enrolled") {
    inputs.push(valueInfo("enrolment", ["m", F]), valueInfo("enrolment_weight", ["m", 1]));
    x = g.node("Sub", ["features", "enrolment"]);
  } else if (mode === "transductive") {
    inputs.push(valueInfo("speaker_mean", ["m", F]), valueInfo("speaker_scale", ["m", F]));
    x = g.node("Div", [g.node("Sub", ["features", "speaker_mean"]), "speaker_scale"]);
  }
  let p = scaledModel(g, x, model, mode);
  if (mode === "enrolled") {
    const rest = g.node("Sub", [g.constant("one", [1], Float32Array.of(1)), "enrolment_weight"]);
    const global = scaledModel(g, "features", f.modes.global, "global");
    p = g.node("Add", [g.node("Mul", ["enrolment_weight", p]), g.node("Mul", [rest, global])]);
  }
  g.node("Identity", [p], [], "probabilities");
  const outputs = [valueInfo("probabilities", ["n", C])];
  const withGender = options.gender !== false && f.gender !== null;
  if (withGender) {
    g.node("Identity", [scaledModel(g, "features", f.gender!, "gender")], [], "gender");
    outputs.push(valueInfo("gender", ["n", 2]));
  }
  const graph = new ProtoWriter();
  for (const n of g.nodes) graph.bytes(1, n);
  graph.string(2, `${f.family.name}_${mode}`);
  for (const t of g.initializers) graph.bytes(5, t);
  for (const i of inputs) graph.bytes(11, i);
  for (const o of outputs) graph.bytes(12, o);
  const meta: Record<string, string> = {
    labels: JSON.stringify(trained.labels),
    model_family: f.family.name,
    feature_set: set.name,
    feature_count: String(F),
    mode,
    synthetic: trained.metadata.data_source?.kind === "synthetic" ? "true" : "false",
    ...(withGender ? { gender_labels: JSON.stringify(f.gender!.classes) } : {}),
  };
  const w = new ProtoWriter().int(1, 7).string(2, "ser-ts").string(3, "1").bytes(7, graph.finish());
  w.bytes(8, new ProtoWriter().string(1, "").int(2, ONNX_OPSET).finish());
  if (g.domains.has("ai.onnx.ml")) w.bytes(8, new ProtoWriter().string(1, "ai.onnx.ml").int(2, ONNX_ML_OPSET).finish());
  for (const [k, v] of Object.entries(meta)) w.bytes(14, new ProtoWriter().string(1, k).string(2, v).finish());
  return w.finish();
}
