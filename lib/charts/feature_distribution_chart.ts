import * as Plot from "@observablehq/plot";
import { plotPanel } from "./render.ts";
import { type Chart, composeChart } from "./chart.ts";
import { colorOf, EMOTION_COLORS, THEME } from "./_theme.ts";

/** One clip's value of one feature. */
export interface FeatureValue {
  emotion: string;
  feature: string;
  value: number;
}

/**
 * Box plots of selected features per emotion (median, quartiles, whiskers at 1.5 IQR, outliers as dots), one panel per
 * feature, two panels per row. Shows which features separate which emotions before any model is trained.
 *
 * @param values Long-format values.
 * @param options.name File stem. Default `feature_distributions`.
 * @example
 * featureDistributionChart([{ emotion: "angry", feature: "rolloff", value: 3100 }]);
 */
export function featureDistributionChart(
  values: readonly FeatureValue[],
  options: { name?: string; note?: string; units?: Record<string, string> } = {},
): Chart {
  const features = [...new Set(values.map((v) => v.feature))];
  const emotions = [...new Set(values.map((v) => v.emotion))].sort();
  const panels = features.map((f) => {
    const rows = values.filter((v) => v.feature === f).map((v) => ({
      ...v,
      color: colorOf(EMOTION_COLORS, v.emotion),
    }));
    return plotPanel({
      width: 380,
      height: 260,
      marginLeft: 56,
      marginTop: 30,
      marginBottom: 50,
      x: { label: null, domain: emotions, tickRotate: -30 },
      y: { label: null, grid: true },
      marks: [
        Plot.boxY(rows, { x: "emotion", y: "value", fill: "color", stroke: THEME.ink, fillOpacity: 0.8 }),
        Plot.text([`${f}${options.units?.[f] ? ` (${options.units[f]})` : ""}`], {
          frameAnchor: "top-left",
          dx: -50,
          dy: -20,
          textAnchor: "start",
          fontWeight: "bold",
          fontSize: 12,
        }),
      ],
    });
  });
  return composeChart(options.name ?? "feature_distributions", "Feature distributions per emotion", {
    title: "Feature distributions per emotion",
    subtitle: "Box: quartiles and median; whiskers: 1.5 × IQR; dots: outliers",
    panels,
    columns: 2,
    note: options.note,
  });
}
