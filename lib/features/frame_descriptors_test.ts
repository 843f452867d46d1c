import assert from "node:assert/strict";
import { frameDescriptors } from "./frame_descriptors.ts";

Deno.test("frameDescriptors() puts a 1 kHz tone's centroid at 1 kHz and calls it tonal; noise is flat", () => {
  const sr = 22050;
  const tone = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / sr));
  const d = frameDescriptors(tone, sr);
  assert.equal(d.rms.length, 1 + Math.floor((sr - 2048) / 512));
  assert.ok(Math.abs(d.spectralCentroid[5] - 1000) < 30, `centroid ${d.spectralCentroid[5]}`);
  assert.ok(d.spectralFlatness[5] < 0.01);
  // A unit sine windowed by Hann: RMS = (1/√2)·√(3/8) ≈ 0.433.
  assert.ok(Math.abs(d.rms[5] - Math.sqrt(0.5 * 0.375)) < 0.01);
  let s = 1;
  const noise = Float32Array.from({ length: sr }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
  assert.ok(frameDescriptors(noise, sr).spectralFlatness[5] > 0.5);
  assert.throws(() => frameDescriptors(new Float32Array(100), sr), /shorter than one frame/);
});
