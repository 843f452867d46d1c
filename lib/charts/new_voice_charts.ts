import * as Plot from "@observablehq/plot";
import { type Chart, composeChart } from "./chart.ts";
import { MODE_COLORS } from "./cv_charts.ts";
import { colorOf, CORPUS_COLORS, EMOTION_COLORS } from "./palette.ts";
import { type LegendItem, plotPanel } from "./render.ts";
import { THEME } from "./_theme.ts";

/** One clip in a 2-D projection, as plain data. */
export interface ProjectionPoint {
  x: number;
  y: number;
  /** Which features were projected, e.g. `as measured` or `each speaker standardised`. */
  view: string;
  emotion: string;
  speaker: string;
  corpus: string;
}

/** One speaker's accuracy in one mode, as plain data. */
export interface SpeakerAccuracyPoint {
  speaker: string;
  corpus: string;
  mode: string;
  /** Clips scored in this mode. */
  clips: number;
  /** Share of them right, in `[0, 1]`. */
  accuracy: number;
}

const COLOR_MAPS: Record<"emotion" | "corpus", Record<string, string>> = {
  emotion: EMOTION_COLORS,
  corpus: CORPUS_COLORS,
};

/**
 * `16_projection_<by>`: clips in the plane of their two leading principal components, one panel per view (as measured,
 * then after normalisation), coloured by emotion, speaker or corpus. Clusters by speaker or corpus on the left that
 * dissolve on the right are the voice and the microphone that the normalisation takes out; clusters by emotion that
 * survive are what a model can learn. Each panel frames the central 98 % of its clips (the rest are clipped).
 *
 * @param points One point per clip and view (PCA is fitted per view).
 * @param options.by What colours the points. Default `emotion`. By speaker, no legend (there are many).
 * @param options.explained Explained variance of the two axes per view, shown in each panel's axis labels.
 * @example
 * projectionChart(points, { by: "corpus" });
 */
export function projectionChart(
  points: readonly ProjectionPoint[],
  options: {
    by?: "emotion" | "speaker" | "corpus";
    explained?: Record<string, number[]>;
    note?: string;
    /** `pca` (default) or `umap`: the axes' names, the title and the file name (`16_projection_*`, `22_umap_*`). */
    method?: "pca" | "umap";
  } = {},
): Chart {
  const by = options.by ?? "emotion", umap = options.method === "umap", axis = umap ? "UMAP" : "PC";
  const views = [...new Set(points.map((p) => p.view))];
  const keys = [...new Set(points.map((p) => p[by]))].sort();
  const color = (k: string) => by === "speaker" ? colorOf({}, k) : colorOf(COLOR_MAPS[by], k);
  const pct = (v: number | undefined) => v === undefined ? "" : ` (${(100 * v).toFixed(0)} %)`;
  const panels = views.map((view) => {
    const own = points.filter((p) => p.view === view);
    const ev = options.explained?.[view];
    // A few far-out clips would squeeze the rest into a corner: frame the central 98 % and clip the others.
    const span = (k: "x" | "y") => {
      const v = own.map((p) => p[k]).sort((a, b) => a - b);
      const lo = v[Math.floor(0.01 * (v.length - 1))], hi = v[Math.ceil(0.99 * (v.length - 1))];
      const pad = 0.05 * (hi - lo || 1);
      return [lo - pad, hi + pad];
    };
    return plotPanel({
      width: 420,
      height: 400,
      marginLeft: 44,
      marginBottom: 40,
      marginTop: 26,
      x: { label: `${axis} 1${pct(ev?.[0])}`, ticks: 4, domain: span("x") },
      y: { label: `${axis} 2${pct(ev?.[1])}`, ticks: 4, domain: span("y") },
      clip: true,
      marks: [
        Plot.frame({ stroke: THEME.grid }),
        Plot.dot(own, { x: "x", y: "y", r: 2.2, fill: (d: ProjectionPoint) => color(d[by]), fillOpacity: 0.6 }),
        Plot.text([view], { frameAnchor: "top", dy: -18, fontWeight: "bold", fontSize: 12 }),
      ],
    });
  });
  const legend: LegendItem[] | undefined = by === "speaker"
    ? undefined
    : keys.map((k) => ({ label: k, color: color(k) }));
  return composeChart(umap ? `22_umap_${by}` : `16_projection_${by}`, `Clips projected, coloured by ${by}`, {
    title: `Clips in two dimensions (${umap ? "UMAP" : "PCA"}), coloured by ${by}`,
    subtitle:
      `${points.length / Math.max(views.length, 1)} clips, ${keys.length} ${
        by === "speaker" ? "speakers" : `${by} values`
      }` +
      `; each panel is its own projection: ${views.join(" → ")}`,
    panels,
    legend,
    note: options.note,
  });
}

/**
 * `17_speaker_accuracy`: each held-out speaker's accuracy in every mode, one row per speaker (sorted by the first
 * mode's accuracy), so it shows who the model fails and how much enrolment or transduction lifts each voice.
 *
 * @example
 * speakerAccuracyChart([{ speaker: "ravdess_03", corpus: "RAVDESS", mode: "global", clips: 52, accuracy: 0.4 }]);
 */
export function speakerAccuracyChart(rows: readonly SpeakerAccuracyPoint[], options: { note?: string } = {}): Chart {
  const modes = [...new Set(rows.map((r) => r.mode))];
  const first = new Map(rows.filter((r) => r.mode === modes[0]).map((r) => [r.speaker, r.accuracy]));
  const speakers = [...new Set(rows.map((r) => r.speaker))].sort((a, b) =>
    (first.get(a) ?? 0) - (first.get(b) ?? 0) || a.localeCompare(b)
  );
  const corpusOf = new Map(rows.map((r) => [r.speaker, r.corpus]));
  const label = (s: string) => `${s} (${corpusOf.get(s)})`;
  const modeColor = (m: string) => MODE_COLORS[m] ?? colorOf({}, m);
  const panel = plotPanel({
    width: 720,
    height: Math.max(160, 14 * speakers.length + 60),
    marginLeft: 210,
    marginTop: 24,
    marginBottom: 36,
    x: { label: "accuracy (%)", percent: true, domain: [0, 100], grid: true },
    y: { label: null, domain: speakers.map(label) },
    marks: [
      Plot.ruleY(speakers.map(label), { stroke: THEME.grid }),
      Plot.dot(rows, {
        x: "accuracy",
        y: (d: SpeakerAccuracyPoint) => label(d.speaker),
        fill: (d: SpeakerAccuracyPoint) => modeColor(d.mode),
        r: 4,
      }),
    ],
  });
  const mean = (m: string) => {
    const own = rows.filter((r) => r.mode === m);
    return own.length ? own.reduce((s, r) => s + r.accuracy, 0) / own.length : 0;
  };
  return composeChart("17_speaker_accuracy", "Accuracy per held-out speaker and mode", {
    title: "Accuracy per held-out speaker, every mode",
    subtitle: `${speakers.length} speakers; mean over speakers: ` +
      modes.map((m) => `${m} ${(100 * mean(m)).toFixed(1)} %`).join(" · "),
    panels: [panel],
    legend: modes.map((m) => ({ label: m, color: modeColor(m) })),
    note: options.note,
  });
}
