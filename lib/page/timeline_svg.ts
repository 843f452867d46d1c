/**
 * The live timeline's geometry: the last 60 s of windows as stacked probability bars (hatched where there was no
 * speech, so silence never looks like an emotion), with a time axis ticked every 5 s and labelled every 10 s.
 * Pure: returns the SVG's inner markup for an 800 × 250 view box.
 *
 * @module
 */
import type { TimelineWindow } from "./live_state.ts";
import { percent } from "./window_view.ts";

/** The view: seconds shown, width and height, and the plot's height above the axis (SVG units). */
export const TIMELINE = { span: 60, width: 800, height: 250, plot: 220 } as const;

/** The hatch pattern that marks silence. */
const SILENCE_PATTERN =
  '<defs><pattern id="silence" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
  '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c8ccd1" stroke-width="2"/>' +
  "</pattern></defs>";

/** The x of time `t` (s) when the view starts at `t0`. */
export function timelineX(t: number, t0: number): number {
  return ((t - t0) / TIMELINE.span) * TIMELINE.width;
}

/** The view's start: the last window's end minus the span, never before 0. */
export function timelineStart(windows: readonly TimelineWindow[]): number {
  const now = windows.length ? windows[windows.length - 1].end : TIMELINE.span;
  return Math.max(0, now - TIMELINE.span);
}

/** Escape text for SVG. */
function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/**
 * The timeline's markup: each window drawn over its last hop (the new part it adds), its classes stacked in order.
 *
 * @param colorOf A class's colour.
 * @example
 * svg.innerHTML = timelineSvg(state.windows, classes, (c) => colors[c]);
 */
export function timelineSvg(
  windows: readonly TimelineWindow[],
  classes: readonly string[],
  colorOf: (c: string) => string,
): string {
  const { span, width: W, height: H, plot: PLOT } = TIMELINE;
  const t0 = timelineStart(windows), x = (t: number) => timelineX(t, t0);
  const parts = [SILENCE_PATTERN];
  for (const w of windows) {
    if (w.end < t0) continue;
    const x0 = x(Math.max(t0, w.end - (w.hop ?? 0.5))), wide = Math.max(1, x(w.end) - x0);
    const range = `${w.start.toFixed(1)}–${w.end.toFixed(1)} s`;
    if (!w.voiced || !w.probabilities) {
      parts.push(
        `<rect x="${x0}" y="0" width="${wide}" height="${PLOT}" fill="url(#silence)"><title>${range}: silence</title></rect>`,
      );
      continue;
    }
    let y = PLOT;
    for (const c of classes) {
      const p = w.probabilities[c] ?? 0, h = p * PLOT;
      y -= h;
      parts.push(
        `<rect x="${x0}" y="${y}" width="${wide}" height="${h}" fill="${esc(colorOf(c))}"><title>${range}: ${esc(c)} ${
          percent(p)
        }</title></rect>`,
      );
    }
  }
  parts.push(`<line x1="0" y1="${PLOT}" x2="${W}" y2="${PLOT}" stroke="#59636e"/>`);
  for (let t = Math.ceil(t0 / 5) * 5; t <= t0 + span; t += 5) {
    const tx = x(t);
    parts.push(`<line x1="${tx}" y1="${PLOT}" x2="${tx}" y2="${PLOT + (t % 10 ? 4 : 8)}" stroke="#59636e"/>`);
    if (t % 10 === 0) {
      parts.push(`<text x="${tx}" y="${H - 6}" font-size="12" text-anchor="middle" fill="#59636e">${t} s</text>`);
    }
  }
  return parts.join("");
}
