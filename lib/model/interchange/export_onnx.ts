/**
 * ONNX export: a trained model as one ONNX graph (opset 13), runnable by onnxruntime from Python, C#, Java, C++, a
 * phone or a browser.
 *
 * - Input `features` (float32 `[n, F]`): the raw feature vector in the column order `./ser features --feature-set`
 *   writes; the scaler is inside the graph (`(x − mean) / scale`).
 * - Output `probabilities` (float32 `[n, C]`) in the class order of `metadata_props["labels"]` (a JSON array); an
 *   ensemble is one graph (its members' softmaxes averaged by `Mean`); `gender` (`[n, 2]`, `metadata_props
 *   ["gender_labels"]`) is a second output when the model has a gender head.
 * - The enrolled mode takes a second input `enrolment` (`[1, F]` or `[n, F]`, the enrolment's mean vector, subtracted
 *   before the scaler); the transductive mode takes `speaker_mean` and `speaker_scale` (the speaker group's own
 *   statistics). `metadata_props` also names the family, the feature set and the mode.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { FEATURE_SETS } from "../../features/feature_sets.ts";
import { ProtoWriter } from "./_protobuf.ts";
import type { TrainedModel } from "../artifacts/artifacts.ts";
import type { ScaledModel } from "../families/family.ts";
import type { UseModeName } from "../modes/mode_registry.ts";

/** The opset the graphs use (Debian's onnx 1.12 checks up to 17). */
export const ONNX_OPSET = 13;
const FLOAT = 1;
const INT64 = 7;

/** A graph under construction: nodes, initializers, a counter for fresh names. */
class Graph {
  nodes: Uint8Array[] = [];
  initializers: Uint8Array[] = [];
  #n = 0;

  /** A fresh tensor name. */
  name(hint: string): string {
    return `${hint}_${this.#n++}`;
  }

  /** A float32 constant tensor. */
  constant(hint: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.name(hint);
    const raw = new Uint8Array(values.length * 4), dv = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat32(4 * i, values[i], true);
    this.initializers.push(new ProtoWriter().packedInts(1, dims).int(2, FLOAT).string(8, name).bytes(9, raw).finish());
    return name;
  }

  /** An int64 constant tensor (TopK's k, ReduceSum's axes). */
  constantInt64(hint: string, dims: number[], values: readonly number[]): string {
    const name = this.name(hint);
    const raw = new Uint8Array(values.length * 8), dv = new DataView(raw.buffer);
    values.forEach((v, i) => dv.setBigInt64(8 * i, BigInt(v), true));
    this.initializers.push(new ProtoWriter().packedInts(1, dims).int(2, INT64).string(8, name).bytes(9, raw).finish());
    return name;
  }

  /** A node; returns its (first) output's name (`extra` names further outputs, e.g. TopK's indices). */
  node(
    op: string,
    inputs: string[],
    attrs: Uint8Array[] = [],
    output = this.name(op.toLowerCase()),
    extra: string[] = [],
  ): string {
    const w = new ProtoWriter();
    for (const i of inputs) w.string(1, i);
    for (const o of [output, ...extra]) w.string(2, o);
    w.string(3, this.name(`${op}_node`)).string(4, op);
    for (const a of attrs) w.bytes(5, a);
    this.nodes.push(w.finish());
    return output;
  }
}

const floatAttr = (name: string, v: number) => new ProtoWriter().string(1, name).float(2, v).int(20, 1).finish();
const intAttr = (name: string, v: number) => new ProtoWriter().string(1, name).int(3, v).int(20, 2).finish();
const intsAttr = (name: string, v: number[]) => new ProtoWriter().string(1, name).packedInts(8, v).int(20, 7).finish();

/** A float32 tensor type of the given dims (a string is a symbolic dimension). */
function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of dims) {
    shape.bytes(
      1,
      typeof d === "number" ? new ProtoWriter().int(1, d).finish() : new ProtoWriter().string(2, d).finish(),
    );
  }
  const tensor = new ProtoWriter().int(1, FLOAT).bytes(2, shape.finish()).finish();
  return new ProtoWriter().string(1, name).bytes(2, new ProtoWriter().bytes(1, tensor).finish()).finish();
}

/** The data of a weight tensor. */
const data = (w: tf.Tensor) => w.dataSync() as Float32Array;

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
  if (kind === "OvoDecision") {
    return ovoDecisionNodes(g, w, config.pairs as [number, number][], Number(config.classes), x);
  }
  throw new RangeError(`layer "${layer.name}" is a ${kind}, which the ONNX export does not map`);
}

/** `exp(−γ (‖x‖² − 2 x·svᵀ + ‖sv‖²))`, as `networks/rbf_svm.ts` computes it. */
function rbfKernelNodes(g: Graph, supportVectors: tf.Tensor, gamma: number, x: string): string {
  const [l, d] = supportVectors.shape as number[], sv = data(supportVectors);
  const ss = new Float32Array(l);
  for (let s = 0; s < l; s++) for (let j = 0; j < d; j++) ss[s] += sv[s * d + j] ** 2;
  const xx = g.node("ReduceSumSquare", [x], [intsAttr("axes", [1]), intAttr("keepdims", 1)]);
  const xs = g.node("Gemm", [x, g.constant("support_vectors", [l, d], sv)], [
    floatAttr("alpha", -2),
    intAttr("transB", 1),
  ]);
  const d2 = g.node("Relu", [g.node("Add", [g.node("Add", [xs, xx]), g.constant("sv_norms", [l], ss)])]);
  return g.node("Exp", [g.node("Mul", [d2, g.constant("minus_gamma", [1], Float32Array.of(-gamma))])]);
}

/** One-vs-one decisions → votes and squashed confidences (scikit-learn's one-vs-rest decision) → softmax. */
function ovoDecisionNodes(g: Graph, w: tf.Tensor[], pairs: [number, number][], classes: number, k: string): string {
  const [coef, rho] = w, l = coef.shape[0] as number, P = pairs.length;
  const I = new Float32Array(P * classes), J = new Float32Array(P * classes), IJ = new Float32Array(P * classes);
  pairs.forEach(([i, j], p) => ((I[p * classes + i] = 1), (J[p * classes + j] = 1)));
  IJ.set(I.map((v, n) => v - J[n]));
  const dec = g.node("Sub", [
    g.node("MatMul", [k, g.constant("ovo_coef", [l, P], data(coef))]),
    g.constant("ovo_rho", [P], data(rho)),
  ]);
  const wins = g.node("Cast", [g.node("Greater", [dec, g.constant("zero", [1], Float32Array.of(0))])], [
    intAttr("to", FLOAT),
  ]);
  const losses = g.node("Sub", [g.constant("one", [1], Float32Array.of(1)), wins]);
  const votes = g.node("Add", [
    g.node("MatMul", [wins, g.constant("ovo_to_i", [P, classes], I)]),
    g.node("MatMul", [losses, g.constant("ovo_to_j", [P, classes], J)]),
  ]);
  const conf = g.node("MatMul", [dec, g.constant("ovo_i_minus_j", [P, classes], IJ)]);
  const denom = g.node("Mul", [
    g.node("Add", [g.node("Abs", [conf]), g.constant("one_b", [1], Float32Array.of(1))]),
    g.constant("three", [1], Float32Array.of(3)),
  ]);
  return g.node("Softmax", [g.node("Add", [votes, g.node("Div", [conf, denom])])], [intAttr("axis", -1)]);
}

/** The share of the k nearest training rows in each class (`networks/nearest_neighbours.ts`). */
function nearestNodes(g: Graph, w: tf.Tensor[], k: number, x: string): string {
  const [rows, labels] = w, [n, d] = rows.shape as number[], classes = labels.shape[1] as number, t = data(rows);
  const tt = new Float32Array(n);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) tt[r] += t[r * d + j] ** 2;
  const xt = g.node("Gemm", [x, g.constant("knn_rows", [n, d], t)], [floatAttr("alpha", 2), intAttr("transB", 1)]);
  const score = g.node("Sub", [xt, g.constant("knn_norms", [n], tt)]); // −‖x − t‖² + ‖x‖²: larger is nearer
  const kk = Math.min(k, n), indices = g.name("knn_indices");
  g.node("TopK", [score, g.constantInt64("knn_k", [1], [kk])], [intAttr("axis", -1)], g.name("knn_values"), [indices]);
  const votes = g.node("Gather", [g.constant("knn_labels", [n, classes], data(labels)), indices], [intAttr("axis", 0)]);
  const sum = g.node("ReduceSum", [votes, g.constantInt64("knn_axes", [1], [1])], [intAttr("keepdims", 0)]);
  return g.node("Mul", [sum, g.constant("knn_share", [1], Float32Array.of(1 / kk))]);
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
    inputs.push(valueInfo("enrolment", ["m", F]));
    x = g.node("Sub", ["features", "enrolment"]);
  } else if (mode === "transductive") {
    inputs.push(valueInfo("speaker_mean", ["m", F]), valueInfo("speaker_scale", ["m", F]));
    x = g.node("Div", [g.node("Sub", ["features", "speaker_mean"]), "speaker_scale"]);
  }
  g.node("Identity", [scaledModel(g, x, model, mode)], [], "probabilities");
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
  for (const [k, v] of Object.entries(meta)) w.bytes(14, new ProtoWriter().string(1, k).string(2, v).finish());
  return w.finish();
}
