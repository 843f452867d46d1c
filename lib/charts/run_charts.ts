import type { Chart } from "./chart.ts";
import {
  corpusDistributionChart,
  emotionByCorpusGroupedChart,
  emotionByCorpusStackedChart,
  type EmotionCorpusCount,
  emotionCorpusHeatmapChart,
  emotionDistributionChart,
  type LabelCount,
  testSetDistributionChart,
} from "./distribution_charts.ts";
import {
  type ClassScoreRow,
  confusionMatrixChart,
  confusionMatrixNormalisedChart,
  type HistoryPoint,
  perClassAccuracyChart,
  precisionRecallF1Chart,
  trainingHistoryChart,
} from "./evaluation_charts.ts";

/** Everything the seed's eleven charts need, as plain data. */
export interface RunChartData {
  emotionCounts: LabelCount[];
  corpusCounts: LabelCount[];
  emotionCorpus: EmotionCorpusCount[];
  history: HistoryPoint[];
  /** 1-based epoch whose weights were kept. */
  bestEpoch: number;
  classes: string[];
  confusion: number[][];
  confusionPercent: number[][];
  scores: ClassScoreRow[];
  accuracy: number;
  testCounts: LabelCount[];
  /** Small print for every chart (e.g. marks a synthetic corpus). */
  note?: string;
}

/**
 * The seed's charts 01–11 for a run, in order.
 *
 * @example
 * for (const chart of runCharts(data)) await chart.save("charts");
 */
export function runCharts(d: RunChartData): Chart[] {
  const o = { note: d.note };
  return [
    emotionDistributionChart(d.emotionCounts, o),
    corpusDistributionChart(d.corpusCounts, o),
    emotionByCorpusStackedChart(d.emotionCorpus, o),
    emotionCorpusHeatmapChart(d.emotionCorpus, o),
    emotionByCorpusGroupedChart(d.emotionCorpus, o),
    trainingHistoryChart(d.history, { bestEpoch: d.bestEpoch, note: d.note }),
    confusionMatrixChart(d.confusion, d.classes, o),
    perClassAccuracyChart(d.scores, d.accuracy, o),
    confusionMatrixNormalisedChart(d.confusionPercent, d.classes, o),
    precisionRecallF1Chart(d.scores, o),
    testSetDistributionChart(d.testCounts, o),
  ];
}
