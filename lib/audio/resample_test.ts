import assert from "node:assert/strict";
import { fixLength, resample, resamplerInfo } from "./resample.ts";
import { SOXR_WASM_SOURCE_SHA256 } from "./_soxr_wasm_binding.ts";

function sine(freq: number, rate: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate));
}

Deno.test("fixLength() trims or zero-pads to the exact size", () => {
  assert.deepEqual([...fixLength(new Float32Array([1, 2, 3]), 5)], [1, 2, 3, 0, 0]);
  assert.deepEqual([...fixLength(new Float32Array([1, 2, 3]), 2)], [1, 2]);
});

Deno.test("resample() output length is ceil(n × target / orig), as librosa's fix_length", async (t) => {
  for (const resType of ["soxr_hq", "soxr_hq_wasm", "sinc_kaiser"] as const) {
    if (resType === "soxr_hq" && !resamplerInfo().librosaIdentical) continue;
    await t.step(resType, () => {
      for (
        const [n, from, to] of [[144000, 48000, 22050], [1001, 44100, 22050], [7, 16000, 22050], [48828, 24414, 22050]]
      ) {
        const { y } = resample(new Float32Array(n), { origSr: from, targetSr: to, resType });
        assert.equal(y.length, Math.ceil(n * (to / from)), `${n} @ ${from} → ${to}`);
      }
    });
  }
});

Deno.test("resample() keeps a 1 kHz tone's amplitude and phase (every resampler)", async (t) => {
  const x = sine(1000, 48000, 48000);
  const expected = sine(1000, 22050, 22050);
  for (const resType of ["soxr_hq", "soxr_hq_wasm", "sinc_kaiser"] as const) {
    if (resType === "soxr_hq" && !resamplerInfo().librosaIdentical) continue;
    await t.step(resType, () => {
      const { y } = resample(x, { origSr: 48000, targetSr: 22050, resType });
      let m = 0;
      for (let i = 2000; i < 20000; i++) m = Math.max(m, Math.abs(y[i] - expected[i]));
      assert.ok(m < 1e-4, `max error ${m}`);
    });
  }
});

Deno.test("resample() removes content above the new Nyquist rate", () => {
  const x = sine(15000, 48000, 48000); // above 11025 Hz
  const { y } = resample(x, { origSr: 48000, targetSr: 22050, resType: "sinc_kaiser" });
  let e = 0;
  for (let i = 2000; i < 20000; i++) e = Math.max(e, Math.abs(y[i]));
  assert.ok(e < 1e-3, `residual ${e}`);
});

Deno.test("resample() rejects rates that are not positive", () => {
  assert.throws(
    () => resample(new Float32Array(4), { origSr: 0, targetSr: 22050 }),
    /`origSr` must be a positive sampling rate in Hz: received 0/,
  );
  assert.throws(() => resample(new Float32Array(4), { origSr: 8000, targetSr: NaN }), /`targetSr`.*received NaN/);
});

Deno.test("the embedded libsoxr WebAssembly was built from the glue in the repository (else: build-simd --soxr)", async () => {
  const source = await Deno.readFile(new URL("./_soxr_wasm_glue.c", import.meta.url));
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", source)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(SOXR_WASM_SOURCE_SHA256, hex);
});

Deno.test("libsoxr's WebAssembly build agrees with the native library within 1e-6 (speech-like input, 3 rate pairs)", async (t) => {
  if (!resamplerInfo().librosaIdentical) return; // no native library to compare with
  // A chirp plus a decaying noise burst: broadband, with transients.
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
  for (const [from, to] of [[48000, 16000], [44100, 22050], [16000, 22050]]) {
    await t.step(`${from} → ${to}`, () => {
      const x = Float32Array.from(
        { length: from },
        (_, i) => 0.3 * Math.sin(2 * Math.PI * (200 + 3000 * i / from) * i / from) + noise() * Math.exp(-i / 4000),
      );
      const a = resample(x, { origSr: from, targetSr: to, resType: "soxr_hq" }).y;
      const b = resample(x, { origSr: from, targetSr: to, resType: "soxr_hq_wasm" }).y;
      assert.equal(b.length, a.length);
      let m = 0;
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
      assert.ok(m < 1e-6, `max |Δ| ${m}`);
    });
  }
});
