import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { applyView, POOLED_VIEWS } from "../../features/feature_views.ts";
import { POOLED_FEATURE_COUNT } from "../../features/pooled_features.ts";
import { initBackend } from "../engine/backend.ts";
import { buildBlockMlp } from "../networks/mlp.ts";
import { applyScaler, fitScaler } from "../networks/scaler.ts";
import { foldView, viewScaler } from "./_members.ts";

Deno.test("foldView(): a member trained on a view gives the same outputs on the common scaler's inputs", async () => {
  await initBackend();
  const F = POOLED_FEATURE_COUNT, n = 6;
  const x = Float32Array.from({ length: n * F }, (_, i) => Math.sin(i * 0.37) * (1 + (i % F) / 50) + (i % 7));
  for (const view of [POOLED_VIEWS.level, POOLED_VIEWS.relative]) {
    const common = fitScaler(x, F), xv = applyView(view, x, F), vs = fitScaler(xv, F);
    const model = buildBlockMlp(F, 4, { units: 16 });
    const before = (model.predict(tf.tensor2d(applyScaler(vs, xv), [n, F])) as tf.Tensor).dataSync();
    foldView(model, view, vs, common);
    const after = (model.predict(tf.tensor2d(applyScaler(common, x), [n, F])) as tf.Tensor).dataSync();
    for (let i = 0; i < before.length; i++) assert.ok(Math.abs(before[i] - after[i]) < 1e-4, `${view.name} ${i}`);
    model.dispose();
  }
});

Deno.test("viewScaler(): a column the view cancels down to rounding noise reads as 0, others are standardised", () => {
  // Column 0 after the view: 1e-7-sized noise on a column whose spread was 50 before it; column 1: a real spread of 2.
  const viewed = Float32Array.of(1e-7, 1, -1e-7, 5, 2e-7, 3);
  const s = viewScaler(viewed, 2, { mean: [100, 3], scale: [50, 2] });
  assert.equal(s.scale[0], Infinity);
  assert.ok(Math.abs(s.scale[1] - Math.sqrt(8 / 3)) < 1e-9);
  assert.deepEqual(Array.from(applyScaler(s, viewed)).filter((_, i) => i % 2 === 0).map((v) => v + 0), [0, 0, 0]);
});
