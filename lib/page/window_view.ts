/**
 * How the page shows one live window: the stable label (or `silence`), the mode badge, a detail line with the
 * smoothed confidence, the session's gender and the window's time, and whether the label gets its class colour.
 * Pure: no DOM.
 *
 * @module
 */
import type { WindowMessage } from "../segment/live_messages.ts";

/** A probability as a whole percentage, e.g. `"42 %"`. */
export function percent(p: number): string {
  return `${(100 * p).toFixed(0)} %`;
}

/** What the page puts in its current-label panel. */
export interface WindowView {
  /** The label shown: the stable emotion, `uncertain`, or `silence`. */
  label: string;
  /** The mode badge (empty for silence). */
  badge: string;
  /** Confidence · gender · time range (empty for silence). */
  detail: string;
  /** True when the label is one of the model's classes (then it takes the class colour). */
  coloured: boolean;
}

/**
 * The view of a window message.
 *
 * @example
 * windowView({ type: "window", start: 0, end: 3, voiced: true, speech_fraction: 0.9, emotion: "sad",
 *   confidence: 0.61, mode: "global", gender: null }, ["angry", "sad"]).detail; // "61 % · 0.0–3.0 s"
 */
export function windowView(m: WindowMessage, classes: readonly string[]): WindowView {
  if (!m.voiced) return { label: "silence", badge: "", detail: "", coloured: false };
  const gender = m.gender && m.gender.label !== "uncertain" ? ` · ${m.gender.label}` : "";
  const strength = m.emotion === "uncertain" ? "no emotion clear yet" : percent(m.confidence ?? 0);
  return {
    label: m.emotion,
    badge: m.mode ?? "",
    detail: `${strength}${gender} · ${m.start.toFixed(1)}–${m.end.toFixed(1)} s`,
    coloured: classes.includes(m.emotion),
  };
}

/** The line that tells a user the page keeps up: median analysis time, and windows dropped while busy. */
export function statsLine(s: { medianMs: number; windows: number; dropped: number } | null): string {
  if (!s) return "";
  return `each window analysed in ${s.medianMs} ms (median of ${s.windows})${
    s.dropped ? `; ${s.dropped} dropped while busy` : ""
  }`;
}
