/**
 * The project's category colours — one per emotion, one per corpus, and a stable hashed colour for any other name — used
 * by every chart, the server's page and the on-device site, so a class looks the same everywhere.
 *
 * @example
 * import { colorOf, EMOTION_COLORS } from "$lib/charts/palette.ts";
 * colorOf(EMOTION_COLORS, "angry"); // "#d62728"
 *
 * @module
 */

/** One colour per emotion, the same in every chart (Tableau 10 hues). */
export const EMOTION_COLORS: Record<string, string> = {
  angry: "#d62728",
  calm: "#17becf",
  disgust: "#8c564b",
  fear: "#9467bd",
  happy: "#ff7f0e",
  neutral: "#7f7f7f",
  sad: "#1f77b4",
  surprise: "#e377c2",
  boredom: "#2ca02c",
};

/** One colour per corpus. */
export const CORPUS_COLORS: Record<string, string> = {
  "RAVDESS": "#4e79a7",
  "CREMA-D": "#f28e2b",
  "TESS": "#e15759",
  "SAVEE": "#76b7b2",
  "EMO-DB": "#59a14f",
  "Emovo": "#b07aa1",
  "Nemo": "#edc948",
  "Turev": "#9c755f",
};

/** Tableau 20, for names outside the fixed maps. */
const FALLBACK = [
  "#4e79a7",
  "#a0cbe8",
  "#f28e2b",
  "#ffbe7d",
  "#59a14f",
  "#8cd17d",
  "#b6992d",
  "#f1ce63",
  "#499894",
  "#86bcb6",
  "#e15759",
  "#ff9d9a",
  "#79706e",
  "#bab0ac",
  "#d37295",
  "#fabfd2",
  "#b07aa1",
  "#d4a6c8",
  "#9d7660",
  "#d7b5a6",
];

/**
 * Colour for a category: from the fixed map, or else from the category's name (a hash into a 20-hue palette), so a
 * custom label keeps its colour in every chart and every run whatever else is plotted beside it.
 *
 * @example
 * colorOf(EMOTION_COLORS, "excited"); // the same hashed colour in every run
 */
export function colorOf(map: Record<string, string>, key: string): string {
  if (map[key]) return map[key];
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return FALLBACK[(h >>> 0) % FALLBACK.length];
}
