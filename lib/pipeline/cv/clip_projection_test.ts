import assert from "node:assert/strict";
import { mulberry32 } from "../../random.ts";
import { clipProjection, PROJECTION_VIEWS } from "./clip_projection.ts";

// Two speakers far apart on three features (the voice), the emotion on two others: as measured the first axis is the
// speaker; with each speaker standardised, the speaker offset is gone and the emotion leads.
const rng = mulberry32(3);
const rows: { emotion: string; speaker: string; corpus: string }[] = [];
const x: number[] = [];
for (const [speaker, offset] of [["s1", 0], ["s2", 50]] as const) {
  for (let i = 0; i < 20; i++) {
    const emotion = i % 2 ? "angry" : "sad", e = emotion === "angry" ? 1 : -1;
    rows.push({ emotion, speaker, corpus: "C" });
    x.push(offset + rng(), offset + rng(), offset + rng(), e, e + 0.1 * rng());
  }
}

Deno.test("clipProjection() separates speakers as measured and emotions once each speaker is standardised", () => {
  const p = clipProjection({ data: Float32Array.from(x), dim: 5 }, rows);
  assert.equal(p.clips, 40);
  assert.equal(p.points.length, 80);
  const pc1 = (view: string, key: "speaker" | "emotion", value: string) => {
    const own = p.points.filter((q) => q.view === view && q[key] === value);
    return own.reduce((s, q) => s + q.x, 0) / own.length;
  };
  const [before, after] = PROJECTION_VIEWS;
  assert.ok(Math.abs(pc1(before, "speaker", "s1") - pc1(before, "speaker", "s2")) > 1.5);
  assert.ok(Math.abs(pc1(after, "speaker", "s1") - pc1(after, "speaker", "s2")) < 1e-6);
  assert.ok(Math.abs(pc1(after, "emotion", "angry") - pc1(after, "emotion", "sad")) > 1.5);
  for (const v of PROJECTION_VIEWS) assert.ok(p.explained[v][0] >= p.explained[v][1]);
});

Deno.test("clipProjection() samples large sets reproducibly and checks its rows", () => {
  const a = clipProjection({ data: Float32Array.from(x), dim: 5 }, rows, { maxClips: 10, seed: 7 });
  const b = clipProjection({ data: Float32Array.from(x), dim: 5 }, rows, { maxClips: 10, seed: 7 });
  assert.equal(a.clips, 10);
  assert.deepEqual(a.points, b.points);
  assert.throws(() => clipProjection({ data: Float32Array.from(x), dim: 5 }, rows.slice(1)), /expected 40 rows/);
});

Deno.test("clipProjection(…, { method: 'umap' }): the speakers' clusters apart as measured, reproducibly for a seed", () => {
  const a = clipProjection({ data: Float32Array.from(x), dim: 5 }, rows, { method: "umap", seed: 3 });
  const b = clipProjection({ data: Float32Array.from(x), dim: 5 }, rows, { method: "umap", seed: 3 });
  assert.deepEqual(a.points, b.points, "seeded");
  assert.deepEqual(a.explained, {}, "UMAP axes explain no variance share");
  // As measured: every clip's nearest neighbour in the embedding is a clip of the same speaker.
  const own = a.points.filter((q) => q.view === PROJECTION_VIEWS[0]);
  for (const q of own) {
    let best = Infinity, who = "";
    for (const r of own) {
      const d = (q.x - r.x) ** 2 + (q.y - r.y) ** 2;
      if (r !== q && d < best) best = d, who = r.speaker;
    }
    assert.equal(who, q.speaker);
  }
});
