/**
 * Charts in Observable Plot, rendered without a browser (linkedom), saved as SVG and PNG (resvg), and displayed
 * inline in the Deno Jupyter kernel; and the one-page HTML run report. Builders take plain data.
 *
 * @example
 * import { emotionDistributionChart } from "$lib/charts/mod.ts";
 * const chart = emotionDistributionChart([{ label: "angry", count: 10 }]);
 * await chart.save("charts");
 *
 * @module
 */
export * from "./chart.ts";
export * from "./palette.ts";
export * from "./render.ts";
export * from "./distribution_charts.ts";
export * from "./evaluation_charts.ts";
export * from "./run_charts.ts";
export * from "./render_run_report.ts";
export * from "./audio_analysis_chart.ts";
export * from "./displays.ts";
export * from "./feature_distribution_chart.ts";
export * from "./cv_charts.ts";
export * from "./cv_matrix_chart.ts";
export * from "./experiment_chart.ts";
export * from "./importance_chart.ts";
export * from "./new_voice_charts.ts";
export * from "./timeline_chart.ts";
