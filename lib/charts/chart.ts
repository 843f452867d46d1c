import { Resvg } from "@resvg/resvg-js";
import { join } from "node:path";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { THEME } from "./_theme.ts";
import { compose, type ComposeOptions } from "./render.ts";

/**
 * A rendered chart: an SVG document that can be rasterised to PNG, written to disk, and displayed inline in a
 * Deno-kernel notebook.
 *
 * @example
 * const chart = emotionDistributionChart(counts);
 * await chart.save("charts"); // charts/01_emotion_distribution.svg and .png
 * chart; // as the last expression of a notebook cell, shows the chart
 */
export class Chart {
  /** File stem, e.g. `01_emotion_distribution`. */
  readonly name: string;
  /** Title shown in the chart. */
  readonly title: string;
  /** A standalone SVG document (with `xmlns`, fonts and colours resolved). */
  readonly svg: string;
  readonly width: number;
  readonly height: number;

  constructor(name: string, title: string, svg: string, width: number, height: number) {
    this.name = name;
    this.title = title;
    this.svg = svg;
    this.width = width;
    this.height = height;
  }

  /**
   * Rasterise with resvg (native build) using the system's fonts (DejaVu Sans on Debian).
   *
   * @param options.scale Pixel density. Default 2 (crisp on high-DPI screens and in reports).
   * @returns PNG bytes.
   */
  toPng(options: { scale?: number } = {}): Uint8Array {
    const scale = options.scale ?? 2;
    const r = new Resvg(this.svg, {
      fitTo: { mode: "zoom", value: scale },
      background: THEME.background,
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    });
    return r.render().asPng();
  }

  /**
   * Write `<dir>/<name>.svg` and `<dir>/<name>.png` atomically.
   *
   * @returns The two paths.
   */
  async save(dir: string): Promise<{ svg: string; png: string }> {
    const svg = join(dir, `${this.name}.svg`), png = join(dir, `${this.name}.png`);
    await writeFileAtomic(svg, this.svg);
    await writeFileAtomic(png, this.toPng());
    return { svg, png };
  }

  /** Rich display in the Deno Jupyter kernel (inline SVG). */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.svg, "text/plain": `Chart ${this.name}: ${this.title}` };
  }
}

/**
 * Compose panels into a titled chart ({@linkcode compose}) and wrap it as a {@linkcode Chart}.
 *
 * @param name File stem, e.g. `07_confusion_matrix`.
 * @param shortTitle The title used in captions and plain-text displays (the chart shows `options.title`).
 */
export function composeChart(name: string, shortTitle: string, options: ComposeOptions): Chart {
  const c = compose(options);
  return new Chart(name, shortTitle, c.svg, c.width, c.height);
}
