/** A window's outcome, as the timeline records it. */
export interface WindowResult {
  start: number;
  end: number;
  /** True when the VAD found enough speech in the window. */
  voiced: boolean;
  /** Share of 30 ms speech frames in the window. */
  speechFraction: number;
  /**
   * Share of speech frames in the stretch the window stands for (its slot, see {@linkcode windowSlots}), when known:
   * a voiced window whose own slot holds no speech (the tail of a recording after its last words) is silence there.
   */
  slotSpeechFraction?: number;
  /** The predicted emotion (voiced windows only). */
  emotion?: string;
  /** The use mode that answered (voiced windows only). */
  mode?: string;
  confidence?: number;
  probabilities?: Record<string, number>;
}

/** A stretch of the recording with one label. */
export interface Segment {
  start: number;
  end: number;
  /** An emotion, `uncertain` (below the confidence floor) or `silence` (no voice, or noise). */
  label: string;
  /** Windows merged into it. */
  windows: number;
  /** Mean confidence of its windows (0 for silence). */
  confidence: number;
}

/** Options for {@linkcode mergeSegments}. */
export interface SmoothingOptions {
  /** Voiced segments shorter than this many seconds join a neighbour. Default 2. */
  minSegment?: number;
  /** A window whose top probability is below this is `uncertain`. Default 0.4. */
  confidenceFloor?: number;
  /** A voiced window whose slot has less than this share of speech frames is silence there. Default 0.2. */
  minSlotSpeech?: number;
}

/**
 * The stretch of time each window stands for: the middle `hop` seconds of it (`[start + (w − hop)/2, start + (w +
 * hop)/2]`), so that consecutive windows tile the recording; the first starts at 0 and the last ends at `duration`.
 */
export function windowSlots(windows: readonly { start: number; end: number }[], duration: number): [number, number][] {
  if (windows.length === 0) return [];
  const full = Math.max(...windows.map((w) => w.end - w.start));
  const hop = windows.length > 1 ? windows[1].start - windows[0].start : full;
  const out: [number, number][] = [];
  windows.forEach((w, i) => {
    const a = i === 0 ? 0 : out[i - 1][1];
    const b = i === windows.length - 1 ? duration : Math.min(duration, w.start + (full + hop) / 2);
    out.push([a, Math.max(a, b)]);
  });
  return out;
}

/**
 * Smooth per-window results into segments:
 * 1. each window gets a label — `silence` when not voiced (or its own slot holds no speech), `uncertain` when its
 *    confidence is below the floor, else its emotion — and stands for its slot ({@linkcode windowSlots});
 * 2. neighbouring slots with the same label merge;
 * 3. repeatedly, the shortest voiced segment shorter than `minSegment` joins its longer voiced neighbour (taking that
 *    label), until none is left; silence segments are never merged away (a pause separates what is on either side).
 *
 * @example
 * mergeSegments(windows, 62.5, { minSegment: 2, confidenceFloor: 0.4 });
 */
export function mergeSegments(
  windows: readonly WindowResult[],
  duration: number,
  options: SmoothingOptions = {},
): Segment[] {
  const { minSegment = 2, confidenceFloor = 0.4 } = options;
  const slots = windowSlots(windows, duration);
  const { minSlotSpeech = 0.2 } = options;
  const silent = (w: WindowResult) => !w.voiced || (w.slotSpeechFraction ?? 1) < minSlotSpeech;
  const labelOf = (w: WindowResult) =>
    silent(w) ? "silence" : (w.confidence ?? 0) < confidenceFloor ? "uncertain" : w.emotion ?? "uncertain";
  const segs: (Segment & { sum: number })[] = [];
  windows.forEach((w, i) => {
    const label = labelOf(w), [a, b] = slots[i], c = silent(w) ? 0 : w.confidence ?? 0;
    const last = segs[segs.length - 1];
    if (last && last.label === label) {
      last.end = b;
      last.windows++;
      last.sum += c;
    } else segs.push({ start: a, end: b, label, windows: 1, confidence: 0, sum: c });
  });
  const voiced = (x?: Segment) => x !== undefined && x.label !== "silence";
  for (;;) {
    // The shortest voiced segment under the minimum that has a voiced neighbour to join.
    let shortest = -1;
    segs.forEach((x, i) => {
      if (!voiced(x) || x.end - x.start >= minSegment || !(voiced(segs[i - 1]) || voiced(segs[i + 1]))) return;
      if (shortest < 0 || x.end - x.start < segs[shortest].end - segs[shortest].start) shortest = i;
    });
    if (shortest < 0) break;
    const s = segs[shortest], left = segs[shortest - 1], right = segs[shortest + 1];
    const into = voiced(left) && (!voiced(right) || left.end - left.start >= right.end - right.start) ? left : right;
    into.start = Math.min(into.start, s.start);
    into.end = Math.max(into.end, s.end);
    into.windows += s.windows;
    into.sum += s.sum;
    segs.splice(shortest, 1);
    // Neighbours that now share a label merge.
    for (let i = segs.length - 1; i > 0; i--) {
      if (segs[i].label === segs[i - 1].label) {
        segs[i - 1].end = segs[i].end;
        segs[i - 1].windows += segs[i].windows;
        segs[i - 1].sum += segs[i].sum;
        segs.splice(i, 1);
      }
    }
  }
  return segs.map(({ sum, ...s }) => ({ ...s, confidence: s.label === "silence" ? 0 : sum / s.windows }));
}

/** Per emotion: voiced seconds, share of the voiced time, and the longest segment. */
export interface TimelineSummary {
  duration: number;
  voicedSeconds: number;
  silenceSeconds: number;
  byLabel: Record<
    string,
    { seconds: number; share: number; segments: number; longest: { start: number; end: number } }
  >;
}

/**
 * Summarise segments: the share of voiced time per label (emotions and `uncertain`; silence is not voiced time) and
 * each label's longest segment.
 *
 * @example
 * timelineSummary(segments).byLabel.angry.share; // 0.31
 */
export function timelineSummary(segments: readonly Segment[], duration: number): TimelineSummary {
  const byLabel: TimelineSummary["byLabel"] = {};
  let voiced = 0, silence = 0;
  for (const s of segments) {
    const d = s.end - s.start;
    if (s.label === "silence") {
      silence += d;
      continue;
    }
    voiced += d;
    const e = byLabel[s.label] ??= { seconds: 0, share: 0, segments: 0, longest: { start: s.start, end: s.end } };
    e.seconds += d;
    e.segments++;
    if (d > e.longest.end - e.longest.start) e.longest = { start: s.start, end: s.end };
  }
  for (const e of Object.values(byLabel)) e.share = voiced > 0 ? e.seconds / voiced : 0;
  return { duration, voicedSeconds: voiced, silenceSeconds: silence, byLabel };
}
