/**
 * Private: base64 for byte arrays (`btoa` needs a binary string; chunking keeps the argument list short).
 *
 * @module
 */

/** Base64-encode bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
