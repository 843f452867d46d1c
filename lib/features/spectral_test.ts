import assert from "node:assert/strict";
import { spectralContrast } from "./spectral_contrast.ts";
import { spectralRolloff } from "./spectral_rolloff.ts";
import { zeroCrossingRate } from "./zero_crossing_rate.ts";

const col = (values: number[]) => ({ rows: values.length, cols: 1, data: Float64Array.from(values) });

Deno.test("zeroCrossingRate() counts sign-bit changes inside each edge-padded frame", () => {
  const uncentred = zeroCrossingRate(Float32Array.from([1, -1, 1, -1]), {
    frameLength: 4,
    hopLength: 4,
    center: false,
  });
  assert.deepEqual([...uncentred.data], [0.75]);
  // Centred with edge padding: [1, 1, 1, −1, 1, −1, −1, −1]; frames of 4 with hop 2 start at 0, 2, 4.
  const centred = zeroCrossingRate(Float32Array.from([1, -1, 1, -1]), { frameLength: 4, hopLength: 2 });
  assert.deepEqual([...centred.data], [1 / 4, 3 / 4, 1 / 4]);
  // Values within the threshold count as +0, so tiny negative noise is no crossing.
  assert.deepEqual([
    ...zeroCrossingRate(Float32Array.from([1, -1e-12, 1, 1]), { frameLength: 4, hopLength: 4, center: false }).data,
  ], [0]);
});

Deno.test("spectralRolloff() is the first bin reaching 85 % of the frame's magnitude", () => {
  // nFft = 8 at 8 kHz: bins 0, 1, 2, 3, 4 kHz. Cumulative [1, 2, 10, 10, 10]: 85 % of 10 is first reached at 2 kHz.
  assert.deepEqual([...spectralRolloff(col([1, 1, 8, 0, 0]), 8000).data], [2000]);
  assert.deepEqual([...spectralRolloff(col([0, 0, 0, 0, 0]), 8000).data], [0]);
  assert.throws(
    () => spectralRolloff(col([1, 1, 1, 1, 1]), 8000, { rollPercent: 1 }),
    /`rollPercent` must lie in \(0, 1\): received 1/,
  );
});

Deno.test("spectralContrast() is 0 dB for a flat spectrum and has nBands + 1 rows", () => {
  const flat = { rows: 1025, cols: 2, data: new Float64Array(2050).fill(0.3) };
  const c = spectralContrast(flat, 22050);
  assert.equal(c.rows, 7);
  assert.ok(c.data.every((v) => Math.abs(v) < 1e-12));
  assert.throws(() => spectralContrast(flat, 22050, { fMin: 2000 }), /band edge .* reaches the Nyquist rate/);
});

Deno.test("spectralContrast() of one peak in a band is the peak-to-valley ratio in dB", () => {
  // Band 0 (0–200 Hz) at 22050 Hz / 2048 is bins 0…18 (19 bins, the last dropped): q = 1, so peak/valley are max/min.
  const data = new Float64Array(1025).fill(1);
  data[5] = 100;
  data[7] = 0.01;
  const c = spectralContrast({ rows: 1025, cols: 1, data }, 22050);
  assert.ok(Math.abs(c.data[0] - 40) < 1e-9);
});
