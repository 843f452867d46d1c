import assert from "node:assert/strict";
import { fixLength, resample, resamplerInfo } from "./resample.ts";

function sine(freq: number, rate: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate));
}

Deno.test("fixLength() trims or zero-pads to the exact size", () => {
  assert.deepEqual([...fixLength(new Float32Array([1, 2, 3]), 5)], [1, 2, 3, 0, 0]);
  assert.deepEqual([...fixLength(new Float32Array([1, 2, 3]), 2)], [1, 2]);
});

Deno.test("resample() output length is ceil(n × target / orig), as librosa's fix_length", async (t) => {
  for (const resType of ["soxr_hq", "sinc_kaiser"] as const) {
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

Deno.test("resample() keeps a 1 kHz tone's amplitude and phase (both resamplers)", async (t) => {
  const x = sine(1000, 48000, 48000);
  const expected = sine(1000, 22050, 22050);
  for (const resType of ["soxr_hq", "sinc_kaiser"] as const) {
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
