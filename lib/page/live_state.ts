/**
 * The page's live state and its reducer: every live message (`LiveMessage`) folded into what the page shows — the
 * recent windows for the timeline, the analysis-time statistics, the enrolment's progress and result, the last error.
 * Pure: no DOM, tested without a browser.
 *
 * @module
 */
import type { LiveMessage, WindowMessage } from "../segment/live_messages.ts";

/** A window as the timeline draws it: the message and the hop it was sent with. */
export type TimelineWindow = WindowMessage & { hop: number };

/** What the page knows of the live session. */
export interface LiveState {
  /** Seconds between windows (from `ready`). */
  hop: number;
  /** The most recent windows, oldest first, at most `MAX_WINDOWS`. */
  windows: TimelineWindow[];
  /** Analysis times of recent voiced windows, ms (at most 1,000). */
  latencies: number[];
  dropped: number;
  /** The last window, for the current label. */
  current: WindowMessage | null;
  /** Enrolment progress, 0–100 %, and its voiced seconds of the target. */
  enrol: { percent: number; seconds: number; target: number } | null;
  /** A finished enrolment (its JSON) and its voiced seconds. */
  enrolment: { json: unknown; seconds: number } | null;
  /** The error a session closed with. */
  error: string | null;
  /** Set when the engine answered `stop`: the session's window counts. */
  drained: { windows: number; dropped: number } | null;
}

/** Windows kept for the timeline (60 s at a 0.5 s hop, with margin). */
export const MAX_WINDOWS = 400;

/** A new session's state. */
export function initialLiveState(): LiveState {
  return {
    hop: 0.5,
    windows: [],
    latencies: [],
    dropped: 0,
    current: null,
    enrol: null,
    enrolment: null,
    error: null,
    drained: null,
  };
}

/**
 * Fold one message into the state (a new state; the arrays are copied only when they change).
 *
 * @example
 * let s = initialLiveState();
 * s = reduceLive(s, { type: "ready", purpose: "predict", mode: "global", hop: 0.5 });
 */
export function reduceLive(s: LiveState, m: LiveMessage): LiveState {
  switch (m.type) {
    case "ready":
      return { ...s, hop: m.hop };
    case "dropped":
      return { ...s, dropped: s.dropped + 1 };
    case "window": {
      const latencies = typeof m.latency_ms === "number" ? [...s.latencies, m.latency_ms].slice(-1000) : s.latencies;
      const windows = [...s.windows, { ...m, hop: s.hop }].slice(-MAX_WINDOWS);
      return { ...s, windows, latencies, current: m };
    }
    case "enrol_progress": {
      const target = m.target_seconds ?? 10;
      return {
        ...s,
        enrol: { percent: Math.min(100, (100 * m.voiced_seconds) / target), seconds: m.voiced_seconds, target },
      };
    }
    case "enrolment":
      return { ...s, enrolment: { json: m.enrolment, seconds: m.voiced_seconds } };
    case "drained":
      return { ...s, drained: { windows: m.windows, dropped: m.dropped } };
    case "error":
      return { ...s, error: m.error.message };
  }
}

/** The median analysis time and counts, for the page's "keeps up" line (`null` before any voiced window). */
export function latencySummary(s: LiveState): { medianMs: number; windows: number; dropped: number } | null {
  if (!s.latencies.length) return null;
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], windows: sorted.length, dropped: s.dropped };
}
