import assert from "node:assert/strict";
import { yin } from "./yin.ts";

const sr = 16000;
const o = { fMin: 60, fMax: 500, frameLength: 1024, hopLength: 160 };

Deno.test("yin() finds a 200 Hz tone's period in every inner frame", () => {
  const y = Float32Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 200 * i) / sr));
  const f0 = yin(y, sr, o);
  assert.equal(f0.length, 1 + Math.floor(y.length / 160));
  for (let t = 5; t < f0.length - 5; t++) assert.ok(Math.abs(f0[t] - 200) < 0.5, `frame ${t}: ${f0[t]} Hz`);
});

Deno.test("yin()'s WebAssembly SIMD path equals the TypeScript reference bit for bit (voice-like chirp, noise, odd length)", () => {
  let seed = 3;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
  const y = Float32Array.from(
    { length: 2 * sr + 77 },
    (_, i) =>
      0.4 * Math.sin(2 * Math.PI * (110 + 60 * i / sr) * i / sr) * (i % 4000 < 2500 ? 1 : 0.01) + 0.02 * noise(),
  );
  const a = yin(y, sr, o), b = yin(y, sr, { ...o, simd: false });
  assert.equal(a.length, b.length);
  for (let t = 0; t < a.length; t++) assert.ok(Object.is(a[t], b[t]), `frame ${t}: ${a[t]} vs ${b[t]}`);
});

Deno.test("yin() refuses an empty range and frames too short for fMin", () => {
  assert.throws(() => yin(new Float32Array(4000), sr, { fMin: 500, fMax: 60 }), /0 < fMin < fMax/);
  assert.throws(() => yin(new Float32Array(4000), sr, { fMin: 20, fMax: 500, frameLength: 64 }), /too short for fMin/);
});
