import assert from "node:assert/strict";
import { applyScaler, fitScaler } from "./scaler.ts";

Deno.test("fitScaler() uses the population standard deviation and 1 for constant features, as StandardScaler", () => {
  // Feature 0: [1, 3] → mean 2, sd 1. Feature 1: constant 5 → scale 1.
  const s = fitScaler(new Float32Array([1, 5, 3, 5]), 2);
  assert.deepEqual(s, { mean: [2, 5], scale: [1, 1] });
  assert.deepEqual([...applyScaler(s, new Float32Array([3, 5, 0, 6]))], [1, 0, -2, 1]);
  assert.throws(() => applyScaler(s, new Float32Array(3)), /does not divide into rows of 2 features/);
  assert.throws(() => fitScaler(new Float32Array(0), 2), /cannot fit a scaler/);
});
