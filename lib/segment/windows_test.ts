import assert from "node:assert/strict";
import { slidingWindows, WindowCursor } from "./windows.ts";

const sr = 100; // 100 samples per second keeps the arithmetic readable
const spans = (ws: { start: number; end: number; partial: boolean }[]) => ws.map((w) => [w.start, w.end, w.partial]);

Deno.test("slidingWindows(): counts and boundaries around the edges (window 3 s, hop 1 s)", async (t) => {
  await t.step("shorter than one window: one partial window over all of it", () => {
    assert.deepEqual(spans(slidingWindows(2.2 * sr, sr)), [[0, 2.2, true]]);
  });
  await t.step("exactly one window", () => {
    assert.deepEqual(spans(slidingWindows(3 * sr, sr)), [[0, 3, false]]);
  });
  await t.step("an exact multiple: full windows only, the last one ending at the end", () => {
    assert.deepEqual(spans(slidingWindows(5 * sr, sr)), [[0, 3, false], [1, 4, false], [2, 5, false]]);
  });
  await t.step("a tail the last full window misses gets a last partial window at the next hop", () => {
    assert.deepEqual(spans(slidingWindows(5.5 * sr, sr)), [[0, 3, false], [1, 4, false], [2, 5, false], [
      3,
      5.5,
      true,
    ]]);
  });
  await t.step("hop = window: a tail shorter than minPartial is dropped, a longer one kept", () => {
    assert.deepEqual(spans(slidingWindows(6.3 * sr, sr, { hop: 3 })), [[0, 3, false], [3, 6, false]]);
    assert.deepEqual(spans(slidingWindows(7 * sr, sr, { hop: 3 })), [[0, 3, false], [3, 6, false], [6, 7, true]]);
  });
  await t.step("sample bounds are trunc(seconds × rate) and every window is `window` long unless partial", () => {
    const ws = slidingWindows(10 * 44100 + 17, 44100, { window: 2.5, hop: 0.75 });
    for (const w of ws) {
      assert.equal(w.startSample, Math.trunc(w.index * 0.75 * 44100));
      if (!w.partial) assert.equal(w.endSample - w.startSample, Math.trunc(2.5 * 44100));
    }
    assert.equal(ws.at(-1)!.endSample, 10 * 44100 + 17);
  });
  await t.step("bad options are refused", () => {
    assert.throws(() => slidingWindows(100, sr, { window: 0 }), /`window` must be a positive number/);
    assert.throws(() => slidingWindows(100, sr, { hop: 4 }), /`hop` must be in \(0, window = 3\]/);
  });
});

Deno.test("WindowCursor yields the same windows and samples as slidingWindows, whatever the block sizes", () => {
  for (const total of [150, 300, 500, 550, 1234]) {
    const y = Float32Array.from({ length: total }, (_, i) => i);
    const cursor = new WindowCursor(sr);
    const got: { start: number; end: number; partial: boolean; samples: Float32Array }[] = [];
    for (let at = 0, b = 7; at < total; at += b, b = (b * 3) % 97 + 1) got.push(...cursor.push(y.subarray(at, at + b)));
    got.push(...cursor.finish());
    const want = slidingWindows(total, sr);
    assert.deepEqual(spans(got), spans(want), `total ${total}`);
    got.forEach((w, k) => assert.deepEqual([...w.samples], [...y.subarray(want[k].startSample, want[k].endSample)]));
  }
});
