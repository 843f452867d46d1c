import assert from "node:assert/strict";
import type { TimelineWindow } from "./live_state.ts";
import { TIMELINE, timelineStart, timelineSvg, timelineX } from "./timeline_svg.ts";

const w = (start: number, voiced: boolean, p = { angry: 0.25, sad: 0.75 }): TimelineWindow => ({
  type: "window",
  start,
  end: start + 3,
  voiced,
  speech_fraction: voiced ? 1 : 0,
  emotion: voiced ? "sad" : "silence",
  probabilities: voiced ? p : undefined,
  gender: null,
  hop: 0.5,
});
const rects = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"/g)].map((m) => ({
    x: +m[1],
    y: +m[2],
    width: +m[3],
    height: +m[4],
    fill: m[5],
  }));

Deno.test("timelineSvg() draws the last 60 s: each window over its last hop, classes stacked, silence hatched", async (t) => {
  await t.step("geometry worked by hand: 800 units for 60 s, a 0.5 s hop is 6.67 units wide", () => {
    assert.equal(timelineStart([w(0, true)]), 0, "before 60 s the view starts at 0");
    assert.equal(timelineStart([w(70, true)]), 13, "the last window ends at 73 s");
    assert.equal(timelineX(30, 0), 400);
    const r = rects(timelineSvg([w(0, true)], ["angry", "sad"], (c) => (c === "angry" ? "#f00" : "#00f")));
    // The window 0–3 s is drawn over 2.5–3 s: x = 2.5/60·800 = 33.33, width 6.67; angry stacked first from the axis.
    assert.equal(r.length, 2);
    assert.ok(Math.abs(r[0].x - 33.333) < 1e-3 && Math.abs(r[0].width - 6.667) < 1e-3);
    assert.deepEqual([r[0].y, r[0].height, r[0].fill], [TIMELINE.plot - 55, 55, "#f00"]);
    assert.deepEqual([r[1].y, r[1].height, r[1].fill], [0, 165, "#00f"]);
  });
  await t.step("silence is one hatched rectangle the plot's height, never a class colour", () => {
    const r = rects(timelineSvg([w(0, false)], ["angry", "sad"], () => "#000"));
    assert.deepEqual(r.map((x) => [x.height, x.fill]), [[TIMELINE.plot, "url(#silence)"]]);
  });
  await t.step("windows scrolled out of view are not drawn; the axis is labelled every 10 s", () => {
    const svg = timelineSvg([w(0, true), w(100, true)], ["angry", "sad"], () => "#000");
    assert.equal(rects(svg).length, 2, "only the window at 100 s");
    const labels = [...svg.matchAll(/>(\d+) s<\/text>/g)].map((m) => +m[1]);
    assert.deepEqual(labels, [50, 60, 70, 80, 90, 100]);
  });
  await t.step("class names are escaped in titles", () => {
    const svg = timelineSvg([w(0, true, { "<b>": 1 } as never)], ["<b>"], () => "#000");
    assert.ok(svg.includes("&lt;b&gt;") && !svg.includes("<b>"));
  });
});
