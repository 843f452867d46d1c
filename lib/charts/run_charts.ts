import type { Chart } from "./chart.ts";
import {
  datasetDistributionChart,
  emotionByDatasetGroupedChart,
  emotionByDatasetStackedChart,
  type EmotionDatasetCount,
  emotionDatasetHeatmapChart,
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
  datasetCounts: LabelCount[];
  emotionDataset: EmotionDatasetCount[];
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
    datasetDistributionChart(d.datasetCounts, o),
    emotionByDatasetStackedChart(d.emotionDataset, o),
    emotionDatasetHeatmapChart(d.emotionDataset, o),
    emotionByDatasetGroupedChart(d.emotionDataset, o),
    trainingHistoryChart(d.history, { bestEpoch: d.bestEpoch, note: d.note }),
    confusionMatrixChart(d.confusion, d.classes, o),
    perClassAccuracyChart(d.scores, d.accuracy, o),
    confusionMatrixNormalisedChart(d.confusionPercent, d.classes, o),
    precisionRecallF1Chart(d.scores, o),
    testSetDistributionChart(d.testCounts, o),
  ];
}
