/** Options of {@linkcode dropPauses}. */
export interface DropPausesOptions {
  /** Seconds per VAD decision frame. Default 0.03. */
  frameSeconds?: number;
  /** A pause is cut when it lasts at least this long inside the window (seconds). Default 0.25. */
  minPause?: number;
  /** Seconds of each cut pause kept next to the speech around it. Default 0.05. */
  margin?: number;
}

/**
 * The sample spans `[from, to)` of a window that lie between its long pauses (each pause cut but for its margins), or
 * null when there is nothing to cut (no long pause, or no speech at all).
 */
function keptSpans(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions,
): [number, number][] | null {
  const fs = options.frameSeconds ?? 0.03, minPause = options.minPause ?? 0.25, margin = options.margin ?? 0.05;
  const end = start + samples.length / sampleRate, a = Math.floor(start / fs), b = Math.ceil(end / fs);
  const at = (t: number) => Math.max(0, Math.min(samples.length, Math.round((t - start) * sampleRate)));
  const spans: [number, number][] = [];
  let speech = 0, from = 0;
  for (let i = a; i < b;) {
    if (frame(i) !== 0) {
      speech++, i++;
      continue;
    }
    let j = i;
    while (j < b && frame(j) === 0) j++;
    const t0 = Math.max(start, i * fs), t1 = Math.min(end, j * fs);
    if (t1 - t0 >= minPause) {
      spans.push([from, at(i === a ? start : t0 + margin)]);
      from = at(j === b ? end : t1 - margin);
    }
    i = j;
  }
  if (!speech || !spans.length) return null;
  spans.push([from, samples.length]);
  return spans;
}

/**
 * The longest stretch of a window's speech between its long pauses (as {@linkcode dropPauses} finds them), so that a
 * window over the end of one utterance and the start of the next is judged on one utterance, as a clip would be. A
 * window without long pauses, or without speech, is returned as it is.
 *
 * @example
 * longestStretch(w.samples, 48000, w.start, (i) => vad.decision(i));
 */
export function longestStretch(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions = {},
): Float32Array {
  const spans = keptSpans(samples, sampleRate, start, frame, options);
  if (!spans) return samples;
  const [from, to] = spans.reduce((best, s) => (s[1] - s[0] > best[1] - best[0] ? s : best));
  return samples.subarray(from, to);
}

/**
 * A window's samples with its long pauses cut out, so that a window over two utterances and the silence between them is
 * judged on the speech, as each utterance alone would be: every run of VAD non-speech frames at least `minPause` long
 * inside `[start, start + samples.length / sampleRate)` is removed except `margin` seconds at each end that touches
 * speech (a run at the window's edge loses its outer part whole). Frames the VAD has not decided (`frame(i) < 0`)
 * count as speech. A window with no speech frame is returned as it is.
 *
 * @param samples The window's mono samples.
 * @param sampleRate Their rate (Hz).
 * @param start The window's start in the recording (seconds; frame i covers `[i, i + 1) × frameSeconds`).
 * @param frame The VAD's decision for frame i: 1 speech, 0 not, −1 not decided.
 * @example
 * dropPauses(w.samples, 48000, w.start, (i) => vad.decision(i));
 */
export function dropPauses(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions = {},
): Float32Array {
  const spans = keptSpans(samples, sampleRate, start, frame, options);
  if (!spans) return samples;
  const out = new Float32Array(spans.reduce((n, [a, b]) => n + b - a, 0));
  spans.reduce((o, [a, b]) => (out.set(samples.subarray(a, b), o), o + b - a), 0);
  return out;
}

/** What a window's long pauses become: kept, cut out (the speech joined), or all but the longest stretch dropped. */
export type PauseHandling = "keep" | "cut" | "longest";

/**
 * A window's samples under a pause handling: `keep` returns them, `cut` is {@linkcode dropPauses}, `longest` is
 * {@linkcode longestStretch}.
 *
 * @example
 * withPauses("longest", w.samples, 48000, w.start, (i) => vad.decision(i));
 */
export function withPauses(
  how: PauseHandling,
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions = {},
): Float32Array {
  if (how === "cut") return dropPauses(samples, sampleRate, start, frame, options);
  if (how === "longest") return longestStretch(samples, sampleRate, start, frame, options);
  return samples;
}
