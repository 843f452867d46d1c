/**
 * Private: the shared look of every chart — fonts, sizes and colours — in one place.
 *
 * @module
 */

/** Fonts, sizes and colours shared by every chart. */
export const THEME = {
  /** DejaVu Sans ships with Debian and is what resvg finds; browsers fall back to their sans-serif. */
  fontFamily: "DejaVu Sans, Helvetica, Arial, sans-serif",
  fontSize: 12,
  titleSize: 17,
  subtitleSize: 12.5,
  width: 760,
  height: 420,
  background: "#ffffff",
  ink: "#1f2328",
  muted: "#59636e",
  grid: "#e6e8eb",
  accent: "#d1495b",
  /** Sequential scheme for counts and percentages. */
  scheme: "blues",
} as const;

export { colorOf, CORPUS_COLORS, EMOTION_COLORS } from "./palette.ts";

/** Escape text for SVG/HTML. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
