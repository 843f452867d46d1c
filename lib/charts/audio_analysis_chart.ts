import * as Plot from "@observablehq/plot";
import { encodeBase64 } from "./_base64.ts";
import { heatmapPng } from "./_png.ts";
import { type Panel, plotPanel } from "./render.ts";
import { type Chart, composeChart } from "./chart.ts";
import { colorOf, EMOTION_COLORS, THEME } from "./_theme.ts";

/** A `[rows][cols]` matrix of plain numbers. */
export interface Grid {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** What the seed's audio-analysis chart shows for one clip (plain data). */
export interface AudioAnalysisData {
  /** File stem used in the chart's name: `12_audio_sample_<clip>`. */
  clip: string;
  /** Samples and rate of the analysed signal (3 s at 22050 Hz). */
  y: Float32Array;
  sampleRate: number;
  /** dB spectrogram relative to its maximum, `[bins][frames]` (0 dB = loudest), bins from 0 Hz to Nyquist. */
  spectrogramDb: Grid;
  /** MFCC, `[coefficients][frames]`. */
  mfcc: Grid;
  /** Hop between frames in samples. */
  hopLength: number;
  /** Class probabilities in label order (absent: no prediction panel). */
  probabilities?: Record<string, number>;
  predicted?: string;
  /** The label the file name carries, when it carries one. */
  trueLabel?: string | null;
  note?: string;
}

const W = 380, H = 230, M = { top: 26, right: 16, bottom: 40, left: 56 };
/** The size and margins every panel shares, so the raster images line up with the plotting areas. */
const PANEL = {
  width: W,
  height: H,
  marginTop: M.top,
  marginRight: M.right,
  marginBottom: M.bottom,
  marginLeft: M.left,
};

/** A bold title above a panel's plotting area, starting `dx` pixels from its left edge. */
function panelTitle(text: string, dx = -50): Plot.Markish {
  return Plot.text([text], {
    frameAnchor: "top-left",
    dx,
    dy: -16,
    textAnchor: "start",
    fontWeight: "bold",
    fontSize: 12,
  });
}

/** A Plot panel whose plotting area is filled by a raster image (inserted under the axes). */
function rasterPanel(png: Uint8Array, options: Plot.PlotOptions): Panel {
  const panel = plotPanel({
    ...PANEL,
    ...options,
  });
  const image =
    `<image x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${
      H - M.top - M.bottom
    }" preserveAspectRatio="none" ` +
    `href="data:image/png;base64,${encodeBase64(png)}"/>`;
  return { ...panel, svg: panel.svg.replace(/(<svg[^>]*>)/, `$1${image}`) };
}

/**
 * `12_audio_sample_<clip>`: the seed's four-panel analysis of one clip — waveform, dB spectrogram relative to the
 * maximum, MFCC heatmap, and the predicted probabilities with the prediction highlighted (and the true label in the
 * title when the file name carries one). Without probabilities, the first three panels only.
 *
 * @example
 * const chart = audioAnalysisChart(await audioAnalysisData(predictor, "DC_n13.wav"));
 */
export function audioAnalysisChart(d: AudioAnalysisData): Chart {
  const seconds = d.y.length / d.sampleRate;
  // Waveform: min/max envelope over ~600 columns keeps the SVG small and shows every peak.
  const cols = Math.min(600, d.y.length);
  const env = Array.from({ length: cols }, (_, i) => {
    const a = Math.floor((i * d.y.length) / cols), b = Math.max(a + 1, Math.floor(((i + 1) * d.y.length) / cols));
    let lo = Infinity, hi = -Infinity;
    for (let k = a; k < b; k++) {
      lo = Math.min(lo, d.y[k]);
      hi = Math.max(hi, d.y[k]);
    }
    return { t: a / d.sampleRate, lo, hi };
  });
  const wave = plotPanel({
    ...PANEL,
    x: { label: "Time (s)", domain: [0, seconds] },
    y: { label: null, grid: true },
    marks: [
      Plot.areaY(env, { x: "t", y1: "lo", y2: "hi", fill: "#4e79a7" }),
      Plot.ruleY([0], { stroke: THEME.muted }),
      panelTitle("Waveform (amplitude)"),
    ],
  });
  const frameSeconds = (d.spectrogramDb.cols * d.hopLength) / d.sampleRate;
  const spec = rasterPanel(heatmapPng(d.spectrogramDb, -80, 0), {
    x: { label: "Time (s)", domain: [0, frameSeconds] },
    y: { label: null, domain: [0, d.sampleRate / 2000] },
    marks: [
      Plot.frame({ stroke: THEME.muted }),
      panelTitle("Spectrogram: kHz, dB re max (0 to −80)"),
    ],
  });
  const [lo, hi] = extent(d.mfcc.data);
  // MFCC: c0 dwarfs the rest, so the colour range is set by coefficients 1 and up.
  const rest = { rows: d.mfcc.rows - 1, cols: d.mfcc.cols, data: Array.from(d.mfcc.data).slice(d.mfcc.cols) };
  const rlo = rest.data.reduce((a, b) => Math.min(a, b), Infinity),
    rhi = rest.data.reduce((a, b) => Math.max(a, b), -Infinity);
  const mfcc = rasterPanel(heatmapPng(rest, rlo, rhi), {
    x: { label: "Time (s)", domain: [0, frameSeconds] },
    y: { label: null, domain: [0.5, d.mfcc.rows - 0.5] },
    marks: [
      Plot.frame({ stroke: THEME.muted }),
      panelTitle(`MFCC 1–${d.mfcc.rows - 1} (c0, ${lo.toFixed(0)} to ${hi.toFixed(0)}, not shown)`),
    ],
  });
  const panels = [wave, spec, mfcc];
  let title = `${d.clip}`;
  if (d.probabilities && d.predicted) {
    const probs = Object.entries(d.probabilities).map(([label, p]) => ({
      label,
      p,
      color: label === d.predicted ? colorOf(EMOTION_COLORS, label) : "#c9ced6",
    }));
    panels.push(plotPanel({
      width: W,
      height: H,
      marginTop: M.top,
      marginRight: 46,
      marginBottom: M.bottom,
      marginLeft: 70,
      x: { label: "Probability (%)", percent: true, domain: [0, 100] },
      y: { label: null, domain: probs.map((p) => p.label) },
      marks: [
        Plot.barX(probs, { x: "p", y: "label", fill: "color" }),
        Plot.text(probs, {
          x: "p",
          y: "label",
          text: (p) => `${(100 * p.p).toFixed(1)}%`,
          dx: 4,
          textAnchor: "start",
          fill: THEME.ink,
        }),
        panelTitle("Predicted probabilities", -64),
      ],
    }));
    const truth = d.trueLabel ? ` · true: ${d.trueLabel}${d.trueLabel === d.predicted ? " ✓" : " ✗"}` : "";
    title = `${d.clip}: predicted ${d.predicted} (${(100 * (d.probabilities[d.predicted] ?? 0)).toFixed(1)}%)${truth}`;
  } else if (d.trueLabel) {
    title = `${d.clip} (labelled ${d.trueLabel})`;
  }
  const safe = d.clip.replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9_.-]+/g, "_");
  return composeChart(`12_audio_sample_${safe}`, title, {
    title,
    subtitle: `${seconds.toFixed(2)} s at ${d.sampleRate} Hz`,
    panels,
    columns: 2,
    note: d.note,
  });
}

/** Smallest and largest value (loops, not spread: arrays can be long). */
function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return [lo, hi];
}
