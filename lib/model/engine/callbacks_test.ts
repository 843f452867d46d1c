import assert from "node:assert/strict";
import { BestCheckpoint, EarlyStopping, ReduceLrOnPlateau } from "./callbacks.ts";

Deno.test("EarlyStopping stops after `patience` epochs without a new minimum and remembers the best epoch", () => {
  const es = new EarlyStopping({ patience: 3 });
  const losses = [1.0, 0.8, 0.85, 0.8, 0.9, 0.7, 0.75, 0.71, 0.72];
  const stops = losses.map((l, e) => es.update(e, l).stop);
  // Best 0.7 at epoch 5; epochs 6, 7, 8 do not improve → stop at epoch 8. An equal value (0.8 at 3) is no improvement.
  assert.deepEqual(stops, [false, false, false, false, true, false, false, false, true]);
  assert.equal(es.bestEpoch, 5);
  assert.equal(es.best, 0.7);
});

Deno.test("ReduceLrOnPlateau halves after 5 flat epochs, waits again, and respects the floor", () => {
  const p = new ReduceLrOnPlateau({ factor: 0.5, patience: 5, minLr: 1e-7 });
  let lr = 1e-3;
  const lrs: number[] = [];
  for (const loss of [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5]) lrs.push(lr = p.update(loss, lr));
  assert.deepEqual(lrs, [1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4]);
  // An improvement smaller than minDelta (1e-4) does not count.
  const q = new ReduceLrOnPlateau({ patience: 1 });
  assert.equal(q.update(1, 1e-3), 1e-3);
  assert.equal(q.update(1 - 5e-5, 1e-3), 5e-4);
  const floor = new ReduceLrOnPlateau({ patience: 1, minLr: 1e-7 });
  floor.update(1, 1.5e-7);
  assert.equal(floor.update(1, 1.5e-7), 1e-7);
  assert.equal(floor.update(1, 1e-7), 1e-7);
});

Deno.test("BestCheckpoint fires only on a strictly higher val_accuracy", () => {
  const b = new BestCheckpoint();
  assert.deepEqual([0.5, 0.6, 0.6, 0.55, 0.7].map((a, e) => b.update(a, e)), [true, true, false, false, true]);
  assert.equal(b.bestEpoch, 4);
});
