/**
 * Private: a minimal protocol-buffers writer — varints, 32-bit floats and length-delimited fields — enough to write
 * ONNX's `ModelProto` (`export_onnx.ts`). Messages are built bottom-up as byte arrays.
 *
 * @module
 */

/** A message under construction: append fields, then `finish()`. */
export class ProtoWriter {
  #parts: Uint8Array[] = [];
  #length = 0;

  #push(b: Uint8Array): this {
    this.#parts.push(b);
    this.#length += b.length;
    return this;
  }

  #varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x) byte |= 0x80;
      out.push(byte);
    } while (x);
    return this.#push(Uint8Array.from(out));
  }

  #key(field: number, wire: number): this {
    return this.#varint((field << 3) | wire);
  }

  /** An integer field (int32, int64, enum, bool). */
  int(field: number, v: number): this {
    return this.#key(field, 0).#varint(v);
  }

  /** A 32-bit float field. */
  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.#key(field, 5).#push(b);
  }

  /** A bytes or embedded-message field. */
  bytes(field: number, b: Uint8Array): this {
    return this.#key(field, 2).#varint(b.length).#push(b);
  }

  /** A string field (UTF-8). */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of values) w.#varint(v);
    return this.bytes(field, w.finish());
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const p of this.#parts) out.set(p, at), at += p.length;
    return out;
  }
}
