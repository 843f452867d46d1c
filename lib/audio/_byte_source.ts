/**
 * Private: random access to the bytes of a file or a buffer, so that headers can be parsed and sample ranges read
 * without loading a whole (possibly hour-long) file into memory.
 *
 * @module
 */

/** Bytes that can be read at any position. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes from `position` (fewer at the end, none past it). The result may be a view into a buffer
   * that the next call reuses: copy it to keep it.
   */
  read(position: number, length: number): Uint8Array;
}

/** A source over bytes already in memory (views, no copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (position, length) =>
      bytes.subarray(Math.min(position, bytes.length), Math.min(position + length, bytes.length)),
  };
}

/** A source over an open file, read with synchronous positioned reads into a reused buffer. */
export function fileSource(file: Deno.FsFile, size: number): ByteSource {
  let buffer = new Uint8Array(64 * 1024);
  return {
    size,
    read(position, length) {
      const n = Math.max(0, Math.min(length, size - position));
      if (n > buffer.length) buffer = new Uint8Array(Math.max(n, 2 * buffer.length));
      file.seekSync(position, Deno.SeekMode.Start);
      let got = 0;
      while (got < n) {
        const r = file.readSync(buffer.subarray(got, n));
        if (r === null || r === 0) break;
        got += r;
      }
      return buffer.subarray(0, got);
    },
  };
}
