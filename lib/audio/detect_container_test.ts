import assert from "node:assert/strict";
import { detectContainer, looksLikeText } from "./detect_container.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

Deno.test("detectContainer() names the container from magic bytes and picks librosa's decoder for it", () => {
  const cases: [Uint8Array, string, string | null][] = [
    [bytes("RIFF", [0, 0, 0, 0], "WAVE"), "WAV", "wav"],
    [bytes("RF64", [255, 255, 255, 255], "WAVE"), "RF64 WAV", "wav"],
    [bytes("RIFX", [0, 0, 0, 0], "WAVE"), "RIFX (big-endian WAV)", "libsndfile"],
    [bytes("fLaC"), "FLAC", "libsndfile"],
    [bytes("OggS"), "Ogg", "libsndfile"],
    [bytes("ID3", [4, 0]), "MP3", "libsndfile"],
    [bytes([0xff, 0xfb, 0x90]), "MP3", "libsndfile"], // MPEG-1 layer III frame sync
    [bytes([0xff, 0xf1, 0x50]), "AAC (ADTS)", "ffmpeg"], // layer bits 00
    [bytes("FORM", [0, 0, 0, 0], "AIFF"), "AIFF", "libsndfile"],
    [bytes("FORM", [0, 0, 0, 0], "AIFC"), "AIFC", "libsndfile"],
    [bytes("caff"), "CAF", "libsndfile"],
    [
      bytes([0x72, 0x69, 0x66, 0x66, 0x2e, 0x91, 0xcf, 0x11, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0, 0]),
      "W64",
      "libsndfile",
    ],
    [bytes(".snd"), "AU", "libsndfile"],
    [bytes([0, 0, 0, 0x1c], "ftypM4A "), "MP4/M4A", "ffmpeg"],
    [bytes([0x1a, 0x45, 0xdf, 0xa3]), "WebM/Matroska", "ffmpeg"],
    [bytes("RIFF", [0, 0, 0, 0], "AVI "), "unknown", null],
    [bytes([1, 2, 3, 4]), "unknown", null],
  ];
  for (const [head, name, decoder] of cases) assert.deepEqual(detectContainer(head), { name, decoder }, name);
});

Deno.test("looksLikeText() tells text from binary", () => {
  assert.ok(looksLikeText(bytes("This is not audio\n")));
  assert.ok(!looksLikeText(bytes([0x66, 0x4c, 0x00, 0x43])));
  assert.ok(!looksLikeText(bytes([0x12, 0x9f, 0x33, 0xee])));
  assert.ok(!looksLikeText(new Uint8Array(0)));
});
