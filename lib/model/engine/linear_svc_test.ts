import assert from "node:assert/strict";
import { fitLinearSvc } from "./linear_svc.ts";

const url = (name: string) => new URL(`../../../tests/fixtures/${name}`, import.meta.url);
const data = JSON.parse(await Deno.readTextFile(url("svm_reference.json")));
const ref = JSON.parse(await Deno.readTextFile(url("linear_svc_reference.json")));
const f32 = (b64: string) => new Float32Array(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer);

Deno.test("fitLinearSvc() = scikit-learn's LinearSVC() minimiser on 360 real RAVDESS clips (676 pooled features)", () => {
  const dim: number = data.dim, K: number = data.classes.length;
  const x = f32(data.train.x), y = Int32Array.from(data.train.y as number[]);
  const fit = fitLinearSvc(x, y, { dim, classes: K });
  assert.ok(fit.converged, `${fit.iterations} iterations`);
  let gap = 0, scale = 0;
  for (let k = 0; k < K; k++) {
    for (let f = 0; f < dim; f++) {
      gap = Math.max(gap, Math.abs(fit.W[f * K + k] - ref.coef[k][f]));
      scale = Math.max(scale, Math.abs(ref.coef[k][f]));
    }
    gap = Math.max(gap, Math.abs(fit.b[k] - ref.intercept[k]));
  }
  assert.ok(gap < 1e-3 * scale, `largest weight gap ${gap} (largest weight ${scale})`);
  const xt = f32(data.test.x), n = data.test.y.length;
  const predicted = Array.from({ length: n }, (_, i) => {
    const z = Array.from({ length: K }, (_, k) => {
      let s = fit.b[k];
      for (let f = 0; f < dim; f++) s += fit.W[f * K + k] * xt[i * dim + f];
      return s;
    });
    return z.indexOf(Math.max(...z));
  });
  assert.deepEqual(predicted, ref.predicted);
  const sameAsDefault = predicted.filter((p, i) => p === ref.default_predicted[i]).length;
  assert.ok(sameAsDefault >= 0.95 * n, `${sameAsDefault} of ${n} as LinearSVC() with its 1,000-iteration cap`);
});
