import * as Plot from "@observablehq/plot";
import { legendFor, plotPanel } from "./render.ts";
import { type Chart, composeChart } from "./chart.ts";
import { colorOf, CORPUS_COLORS, EMOTION_COLORS, THEME } from "./_theme.ts";

/** A labelled count. */
export interface LabelCount {
  label: string;
  count: number;
}

/** Clips per emotion and corpus. */
export interface EmotionCorpusCount {
  emotion: string;
  corpus: string;
  count: number;
}

const total = (xs: readonly LabelCount[]) => xs.reduce((s, x) => s + x.count, 0);

/** Tick labels for counts: whole numbers only (no "0.5 clips" on small axes). */
const wholeTicks = (d: number) => (Number.isInteger(d) ? d.toLocaleString("en-US") : "");

function countBars(
  name: string,
  title: string,
  data: readonly LabelCount[],
  options: { subtitle?: string; xLabel: string; note?: string },
): Chart {
  const n = total(data);
  const rows = data.map((d) => ({ ...d, color: colorOf(EMOTION_COLORS, d.label), share: n ? d.count / n : 0 }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  const panel = plotPanel({
    height: 380,
    marginLeft: 60,
    marginTop: 30,
    marginBottom: 44,
    x: { label: options.xLabel, domain: rows.map((r) => r.label) },
    y: { label: "Clips", grid: true, domain: [0, max * 1.16], tickFormat: wholeTicks },
    marks: [
      Plot.barY(rows, { x: "label", y: "count", fill: "color" }),
      Plot.text(rows, {
        x: "label",
        y: "count",
        text: (d) => `${d.count.toLocaleString("en-US")}\n${(100 * d.share).toFixed(1)}%`,
        dy: -16,
        lineHeight: 1.15,
        fill: THEME.ink,
      }),
      Plot.ruleY([0]),
    ],
  });
  return composeChart(name, title, {
    title,
    subtitle: options.subtitle ?? `${n.toLocaleString("en-US")} clips`,
    panels: [panel],
    note: options.note,
  });
}

/**
 * `01_emotion_distribution`: clips per emotion, most frequent first, with counts and shares on the bars.
 *
 * @param counts Clips per emotion.
 * @param options.note Small print (e.g. "SYNTHETIC demo corpus").
 * @example
 * emotionDistributionChart([{ label: "angry", count: 1923 }, { label: "calm", count: 192 }]);
 */
export function emotionDistributionChart(counts: readonly LabelCount[], options: { note?: string } = {}): Chart {
  const sorted = [...counts].sort((a, b) => b.count - a.count);
  return countBars("01_emotion_distribution", "Clips per emotion", sorted, { xLabel: "Emotion", note: options.note });
}

/**
 * `02_dataset_distribution`: each corpus's share of the clips. The seed drew a pie; this is a single 100 % stacked
 * bar with the percentages written on it, because lengths along one axis are read far more accurately than angles,
 * and Observable Plot (rightly) has no pie mark.
 *
 * @example
 * corpusDistributionChart([{ label: "CREMA-D", count: 7442 }, { label: "TESS", count: 2800 }]);
 */
export function corpusDistributionChart(counts: readonly LabelCount[], options: { note?: string } = {}): Chart {
  const n = total(counts);
  const rows = [...counts].sort((a, b) => b.count - a.count).map((d) => ({
    ...d,
    share: n ? d.count / n : 0,
    color: colorOf(CORPUS_COLORS, d.label),
  }));
  const panel = plotPanel({
    height: 140,
    marginLeft: 20,
    marginRight: 20,
    x: { label: "Share of clips (%)", percent: true, domain: [0, 100] },
    y: { axis: null },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: "share", fill: "color", inset: 0.5 })),
      // Names and percentages on segments wide enough to hold them; the legend and subtitle carry the rest.
      Plot.text(
        rows.filter((d) => d.share >= 0.08),
        Plot.stackX({
          x: "share",
          text: (d) => `${d.label}\n${(100 * d.share).toFixed(1)}%`,
          lineHeight: 1.2,
          fill: "white",
          fontWeight: "bold",
        }),
      ),
    ],
  });
  return composeChart("02_dataset_distribution", "Clips per corpus", {
    title: "Clips per corpus",
    subtitle: rows.map((r) => `${r.label} ${r.count.toLocaleString("en-US")} (${(100 * r.share).toFixed(1)}%)`).join(
      " · ",
    ),
    panels: [panel],
    legend: legendFor(rows.map((r) => r.label), CORPUS_COLORS),
    note: options.note,
  });
}

function order(data: readonly EmotionCorpusCount[]) {
  const byEmotion = new Map<string, number>(), byCorpus = new Map<string, number>();
  for (const d of data) {
    byEmotion.set(d.emotion, (byEmotion.get(d.emotion) ?? 0) + d.count);
    byCorpus.set(d.corpus, (byCorpus.get(d.corpus) ?? 0) + d.count);
  }
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  return { emotions: sort(byEmotion), corpora: sort(byCorpus) };
}

/**
 * `03_emotion_by_dataset_stacked`: clips per emotion, stacked by corpus.
 *
 * @example
 * emotionByCorpusStackedChart([{ emotion: "angry", corpus: "TESS", count: 400 }]);
 */
export function emotionByCorpusStackedChart(
  data: readonly EmotionCorpusCount[],
  options: { note?: string } = {},
): Chart {
  const { emotions, corpora } = order(data);
  const rows = data.map((d) => ({ ...d, color: colorOf(CORPUS_COLORS, d.corpus) }));
  const totals = emotions.map((e) => ({
    emotion: e,
    count: rows.filter((r) => r.emotion === e).reduce((s, r) => s + r.count, 0),
  }));
  const panel = plotPanel({
    height: 380,
    marginLeft: 60,
    marginTop: 30,
    marginBottom: 44,
    x: { label: "Emotion", domain: emotions },
    y: { label: "Clips", grid: true, domain: [0, Math.max(1, ...totals.map((t) => t.count)) * 1.1] },
    marks: [
      Plot.barY(
        rows,
        {
          x: "emotion",
          y: "count",
          fill: "color",
          order: (d: EmotionCorpusCount) => corpora.indexOf(d.corpus),
        } as Plot.BarYOptions,
      ),
      Plot.text(totals, {
        x: "emotion",
        y: "count",
        text: (d) => d.count.toLocaleString("en-US"),
        dy: -8,
        fill: THEME.ink,
      }),
      Plot.ruleY([0]),
    ],
  });
  return composeChart("03_emotion_by_dataset_stacked", "Emotions by corpus (stacked)", {
    title: "Emotions by corpus (stacked)",
    subtitle: "Which corpora supply each emotion",
    panels: [panel],
    legend: legendFor(corpora, CORPUS_COLORS),
    note: options.note,
  });
}

/**
 * `04_emotion_dataset_heatmap`: an emotion × corpus table of counts as a heatmap with the numbers written in.
 *
 * @example
 * emotionCorpusHeatmapChart(rows);
 */
export function emotionCorpusHeatmapChart(
  data: readonly EmotionCorpusCount[],
  options: { note?: string } = {},
): Chart {
  const { emotions, corpora } = order(data);
  const full = emotions.flatMap((e) =>
    corpora.map((d) => ({
      emotion: e,
      corpus: d,
      count: data.find((x) => x.emotion === e && x.corpus === d)?.count ?? 0,
    }))
  );
  const max = Math.max(1, ...full.map((f) => f.count));
  const panel = plotPanel({
    width: Math.max(420, 110 * corpora.length + 110),
    height: 50 + 38 * emotions.length,
    marginLeft: 90,
    marginTop: 30,
    x: { label: null, domain: corpora, axis: "top" },
    y: { label: null, domain: emotions },
    color: { type: "linear", scheme: THEME.scheme, domain: [0, max] },
    marks: [
      Plot.cell(full, { x: "corpus", y: "emotion", fill: "count", inset: 1 }),
      Plot.text(full, {
        x: "corpus",
        y: "emotion",
        text: (d) => d.count.toLocaleString("en-US"),
        fill: (d) => (d.count > 0.55 * max ? "white" : THEME.ink),
      }),
    ],
  });
  return composeChart("04_emotion_dataset_heatmap", "Emotion × corpus", {
    title: "Emotion × corpus",
    subtitle: "Clips per emotion and corpus; 0 = not recorded by that corpus",
    panels: [panel],
    note: options.note,
  });
}

/**
 * `05_emotion_by_dataset_grouped`: clips per emotion with one bar per corpus side by side.
 *
 * @example
 * emotionByCorpusGroupedChart(rows);
 */
export function emotionByCorpusGroupedChart(
  data: readonly EmotionCorpusCount[],
  options: { note?: string } = {},
): Chart {
  const { emotions, corpora } = order(data);
  const rows = data.filter((d) => d.count > 0).map((d) => ({
    ...d,
    color: colorOf(CORPUS_COLORS, d.corpus),
  }));
  const panel = plotPanel({
    width: Math.max(THEME.width, 95 * emotions.length),
    height: 380,
    marginLeft: 60,
    marginTop: 30,
    marginBottom: 44,
    fx: { label: "Emotion", domain: emotions, padding: 0.15 },
    x: { axis: null, domain: corpora },
    y: { label: "Clips", grid: true, domain: [0, Math.max(1, ...rows.map((r) => r.count)) * 1.08] },
    marks: [
      Plot.barY(rows, { fx: "emotion", x: "corpus", y: "count", fill: "color" }),
      Plot.ruleY([0]),
    ],
  });
  return composeChart("05_emotion_by_dataset_grouped", "Emotions by corpus (grouped)", {
    title: "Emotions by corpus (grouped)",
    subtitle: "Bars side by side compare corpora within an emotion",
    panels: [panel],
    legend: legendFor(corpora, CORPUS_COLORS),
    note: options.note,
  });
}

/**
 * `11_test_set_distribution`: clips per emotion in the test split (what the evaluation's support is).
 *
 * @example
 * testSetDistributionChart([{ label: "angry", count: 291 }]);
 */
export function testSetDistributionChart(counts: readonly LabelCount[], options: { note?: string } = {}): Chart {
  return countBars("11_test_set_distribution", "Test-set clips per emotion", counts, {
    xLabel: "Emotion",
    subtitle: `${total(counts).toLocaleString("en-US")} test clips`,
    note: options.note,
  });
}
