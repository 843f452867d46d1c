import assert from "node:assert/strict";
import { permutationImportance } from "./permutation_importance.ts";

Deno.test("permutationImportance(): the group the labels depend on matters; a noise group does not", () => {
  // Label = sign of column 0; column 1 is constant noise. A 'model' that reads column 0 only.
  const n = 200, dim = 2, x = new Float32Array(n * dim), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * dim] = i % 2 ? 1 : -1;
    x[i * dim + 1] = 0.5;
    y[i] = i % 2;
  }
  const predict = (rows: Float32Array) =>
    Int32Array.from({ length: rows.length / dim }, (_, i) => (rows[i * dim] > 0 ? 1 : 0));
  const r = permutationImportance(predict, {
    x,
    y,
    dim,
    groups: [{ name: "signal", columns: [0] }, { name: "noise", columns: [1] }],
  });
  assert.equal(r.baseline, 1);
  const [signal, noise] = r.groups;
  // A shuffled signal column is right about half the time: a drop near 0.5.
  assert.ok(signal.drop > 0.35 && signal.drop < 0.65, `${signal.drop}`);
  assert.deepEqual([noise.drop, noise.sd], [0, 0]);
});
