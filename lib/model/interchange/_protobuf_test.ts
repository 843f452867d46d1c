import assert from "node:assert/strict";
import { ProtoWriter } from "./_protobuf.ts";

Deno.test("ProtoWriter encodes varints, floats, strings and packed ints as protocol buffers do", () => {
  // Field 1 varint 150 → 08 96 01 (the protobuf documentation's example).
  assert.deepEqual(Array.from(new ProtoWriter().int(1, 150).finish()), [0x08, 0x96, 0x01]);
  // Field 2 string "testing" → 12 07 74 65 73 74 69 6e 67.
  assert.deepEqual(Array.from(new ProtoWriter().string(2, "testing").finish()), [
    0x12,
    7,
    0x74,
    0x65,
    0x73,
    0x74,
    0x69,
    0x6e,
    0x67,
  ]);
  // Field 4 packed [3, 270, 86942] → 22 06 03 8e 02 9e a7 05.
  assert.deepEqual(Array.from(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), [
    0x22,
    6,
    3,
    0x8e,
    2,
    0x9e,
    0xa7,
    5,
  ]);
  // A float: field 2, wire type 5, little-endian IEEE 754 (1.0 = 00 00 80 3f).
  assert.deepEqual(Array.from(new ProtoWriter().float(2, 1).finish()), [0x15, 0, 0, 0x80, 0x3f]);
  // Negative int64 as ten bytes of two's complement.
  assert.equal(new ProtoWriter().int(1, -1).finish().length, 11);
});
