/**
 * Private: an ONNX graph under construction (nodes, initializers, the operator domains it uses) and the attribute and
 * type messages `export_onnx.ts` and `_onnx_classic.ts` write with `_protobuf.ts`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { ProtoWriter } from "./_protobuf.ts";

/** TensorProto element types used here. */
export const FLOAT = 1;
export const INT64 = 7;

/** A graph under construction: nodes, initializers, a counter for fresh names, the non-default domains it uses. */
export class Graph {
  nodes: Uint8Array[] = [];
  initializers: Uint8Array[] = [];
  /** Operator domains beyond the default one (e.g. `ai.onnx.ml`). */
  domains = new Set<string>();
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

  /**
   * A node; returns its (first) output's name (`extra` names further outputs, e.g. TopK's indices). `domain` is the
   * operator set (default the standard one).
   */
  node(
    op: string,
    inputs: string[],
    attrs: Uint8Array[] = [],
    output = this.name(op.toLowerCase()),
    extra: string[] = [],
    domain = "",
  ): string {
    const w = new ProtoWriter();
    for (const i of inputs) w.string(1, i);
    for (const o of [output, ...extra]) w.string(2, o);
    w.string(3, this.name(`${op}_node`)).string(4, op);
    for (const a of attrs) w.bytes(5, a);
    if (domain) w.string(7, domain), this.domains.add(domain);
    this.nodes.push(w.finish());
    return output;
  }
}

// AttributeProto: name 1, f 2, i 3, s 4, floats 7, ints 8, strings 9, type 20 (FLOAT 1, INT 2, STRING 3, FLOATS 6,
// INTS 7, STRINGS 8).
export const floatAttr = (name: string, v: number) => new ProtoWriter().string(1, name).float(2, v).int(20, 1).finish();
export const intAttr = (name: string, v: number) => new ProtoWriter().string(1, name).int(3, v).int(20, 2).finish();
export const stringAttr = (name: string, v: string) =>
  new ProtoWriter().string(1, name).string(4, v).int(20, 3).finish();
export const intsAttr = (name: string, v: readonly number[]) =>
  new ProtoWriter().string(1, name).packedInts(8, v).int(20, 7).finish();

/** A FLOATS attribute (packed float32). */
export function floatsAttr(name: string, v: ArrayLike<number>): Uint8Array {
  const raw = new Uint8Array(v.length * 4), dv = new DataView(raw.buffer);
  for (let i = 0; i < v.length; i++) dv.setFloat32(4 * i, v[i], true);
  return new ProtoWriter().string(1, name).bytes(7, raw).int(20, 6).finish();
}

/** A STRINGS attribute. */
export function stringsAttr(name: string, v: readonly string[]): Uint8Array {
  const w = new ProtoWriter().string(1, name);
  for (const s of v) w.string(9, s);
  return w.int(20, 8).finish();
}

/** A float32 tensor type of the given dims (a string is a symbolic dimension). */
export function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
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
export const data = (w: tf.Tensor) => w.dataSync() as Float32Array;
