import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { plotPanel } from "./render.ts";
import { colorOf, EMOTION_COLORS, THEME } from "./_theme.ts";

/** What the timeline chart shows (plain data). */
export interface TimelineChartData {
  /** File name, for the chart's name `15_timeline_<clip>`. */
  clip: string;
  duration: number;
  /** Waveform envelope: min and max per `1 / rate` seconds. */
  envelope: { rate: number; min: ArrayLike<number>; max: ArrayLike<number> };
  /** Per window: its time slot and class probabilities (absent for silence). */
  windows: { start: number; end: number; probabilities?: Record<string, number> }[];
  segments: { start: number; end: number; label: string; confidence: number }[];
  classes: string[];
  note?: string;
}

const WIDTH = 980;
const SILENCE = "#d9dde3", UNCERTAIN = "#9aa3ad";
const labelColor = (
  l: string,
) => (l === "silence" ? SILENCE : l === "uncertain" ? UNCERTAIN : colorOf(EMOTION_COLORS, l));

/** At most `n` envelope points (min of mins and max of maxes per bucket), so an hour draws as fast as a minute. */
function thin(env: TimelineChartData["envelope"], n: number): { t: number; lo: number; hi: number }[] {
  const len = env.min.length, per = Math.max(1, Math.ceil(len / n)), out = [];
  for (let i = 0; i < len; i += per) {
    let lo = Infinity, hi = -Infinity;
    for (let j = i; j < Math.min(len, i + per); j++) {
      lo = Math.min(lo, env.min[j]);
      hi = Math.max(hi, env.max[j]);
    }
    out.push({ t: i / env.rate, lo, hi });
  }
  return out;
}

const minutes = (
  s: number,
) => (s >= 120 ? `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, "0")}` : `${s.toFixed(0)} s`);

/**
 * `15_timeline_<clip>`: the emotion timeline of a recording in three aligned panels — the waveform envelope with the
 * segments as coloured bands behind it, the class probabilities of every window stacked over time, and the segments
 * as a labelled strip (silence grey, uncertain dark grey). Colours are each emotion's, as in every chart.
 *
 * @example
 * await timelineChart({ clip: "call.wav", duration, envelope, windows, segments, classes }).save("charts");
 */
export function timelineChart(d: TimelineChartData): Chart {
  const x = { domain: [0, d.duration], label: "Time (s)", tickFormat: (v: number) => minutes(v) };
  const margins = { marginLeft: 64, marginRight: 20 };
  const bands = d.segments.map((s) => ({ ...s, color: labelColor(s.label) }));
  const env = thin(d.envelope, 1600);
  const wave = plotPanel({
    width: WIDTH,
    height: 170,
    ...margins,
    marginTop: 14,
    marginBottom: 26,
    x: { ...x, label: null },
    y: { label: "Amplitude", domain: [-1, 1], ticks: [-1, 0, 1] },
    marks: [
      Plot.rectY(bands, { x1: "start", x2: "end", y1: -1, y2: 1, fill: "color", fillOpacity: 0.28 }),
      Plot.areaY(env, { x: "t", y1: "lo", y2: "hi", fill: THEME.ink, fillOpacity: 0.85 }),
    ],
  });
  const probs = d.windows.flatMap((w) =>
    w.probabilities
      ? d.classes.map((c) => ({ t: (w.start + w.end) / 2, emotion: c, p: w.probabilities![c] ?? 0 }))
      : d.classes.map((c) => ({ t: (w.start + w.end) / 2, emotion: c, p: 0 }))
  );
  const stacked = plotPanel({
    width: WIDTH,
    height: 210,
    ...margins,
    marginTop: 14,
    marginBottom: 26,
    x: { ...x, label: null },
    y: { label: "Probability (%)", percent: true, domain: [0, 100] },
    color: { domain: d.classes, range: d.classes.map((c) => colorOf(EMOTION_COLORS, c)) },
    marks: [
      Plot.areaY(
        probs,
        Plot.stackY({ x: "t", y: "p", z: "emotion", fill: "emotion", order: d.classes, curve: "step" }),
      ),
      Plot.ruleY([0]),
    ],
  });
  const strip = plotPanel({
    width: WIDTH,
    height: 92,
    ...margins,
    marginTop: 8,
    marginBottom: 40,
    x,
    y: { axis: null, domain: [0, 1] },
    marks: [
      Plot.rectY(bands, { x1: "start", x2: "end", y1: 0, y2: 1, fill: "color", stroke: "white", strokeWidth: 1 }),
      Plot.text(bands.filter((b) => (b.end - b.start) / d.duration > 0.045), {
        x: (b) => (b.start + b.end) / 2,
        y: 0.5,
        text: "label",
        fill: (b) => (b.label === "silence" ? THEME.muted : "white"),
        fontWeight: "bold",
      }),
    ],
  });
  const voiced = d.segments.filter((s) => s.label !== "silence");
  const legendLabels = [...new Set(voiced.map((s) => s.label))];
  return composeChart(
    `15_timeline_${d.clip.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_")}`,
    `Emotion timeline: ${d.clip}`,
    {
      title: `Emotion over time — ${d.clip}`,
      subtitle: `${
        minutes(d.duration)
      } · ${voiced.length} voiced segments · ${d.windows.length} windows; bands: segments, middle: each window's probabilities`,
      panels: [wave, stacked, strip],
      columns: 1,
      legend: [...legendLabels.map((l) => ({ label: l, color: labelColor(l) })), {
        label: "silence / noise",
        color: SILENCE,
      }],
      note: d.note,
    },
  );
}
