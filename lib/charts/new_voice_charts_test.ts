import assert from "node:assert/strict";
import { projectionChart, type ProjectionPoint, speakerAccuracyChart } from "./new_voice_charts.ts";

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]).join("\n");

const points: ProjectionPoint[] = ["as measured", "each speaker standardised"].flatMap((view) =>
  [["angry", "s1", "RAVDESS"], ["sad", "s2", "TESS"], ["sad", "s1", "RAVDESS"]].map((
    [emotion, speaker, corpus],
    i,
  ) => ({
    x: i,
    y: -i,
    view,
    emotion,
    speaker,
    corpus,
  }))
);

Deno.test("projectionChart() draws every clip in each view's panel, coloured by what was asked", () => {
  const byEmotion = projectionChart(points, { explained: { "as measured": [0.31, 0.12] } });
  assert.equal(byEmotion.name, "16_projection_emotion");
  assert.equal((byEmotion.svg.match(/<circle/g) ?? []).length, 6);
  assert.match(byEmotion.svg, /fill="#d62728"/); // angry, the palette's colour
  const t = texts(byEmotion.svg);
  assert.match(t, /PC 1 \(31 %\)/);
  assert.match(
    t,
    /3 clips, 2 emotion values; each panel is its own projection: as measured → each speaker standardised/,
  );
  const bySpeaker = projectionChart(points, { by: "speaker" });
  assert.equal(bySpeaker.name, "16_projection_speaker");
  assert.match(texts(bySpeaker.svg), /2 speakers/);
});

Deno.test("speakerAccuracyChart() puts one row per speaker, a dot per mode, and the per-mode mean in the subtitle", () => {
  const c = speakerAccuracyChart([
    { speaker: "s1", corpus: "RAVDESS", mode: "global", clips: 4, accuracy: 0.5 },
    { speaker: "s2", corpus: "TESS", mode: "global", clips: 4, accuracy: 0.25 },
    { speaker: "s1", corpus: "RAVDESS", mode: "enrolled", clips: 3, accuracy: 1 },
  ]);
  assert.equal(c.name, "17_speaker_accuracy");
  assert.equal((c.svg.match(/<circle/g) ?? []).length, 3);
  const t = texts(c.svg);
  assert.match(t, /s1 \(RAVDESS\)/);
  assert.match(t, /2 speakers; mean over speakers: global 37\.5 % · enrolled 100\.0 %/);
});
