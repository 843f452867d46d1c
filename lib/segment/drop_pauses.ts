/** Options of {@linkcode dropPauses}. */
export interface DropPausesOptions {
  /** Seconds per VAD decision frame. Default 0.03. */
  frameSeconds?: number;
  /** A pause is cut when it lasts at least this long inside the window (seconds). Default 0.25. */
  minPause?: number;
  /** Seconds of each cut pause kept next to the speech around it. Default 0.05. */
  margin?: number;
}

/** The long pauses of a window `seconds` long from `start` (as cut, margins kept) and its count of speech frames. */
function pauses(
  seconds: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions,
): { cuts: [number, number][]; speech: number } {
  const fs = options.frameSeconds ?? 0.03, minPause = options.minPause ?? 0.25, margin = options.margin ?? 0.05;
  const end = start + seconds, a = Math.floor(start / fs), b = Math.ceil(end / fs);
  const cuts: [number, number][] = [];
  let speech = 0;
  for (let i = a; i < b;) {
    if (frame(i) !== 0) {
      speech++, i++;
      continue;
    }
    let j = i;
    while (j < b && frame(j) === 0) j++;
    const t0 = Math.max(start, i * fs), t1 = Math.min(end, j * fs);
    if (t1 - t0 >= minPause) cuts.push([i === a ? start : t0 + margin, j === b ? end : t1 - margin]);
    i = j;
  }
  return { cuts, speech };
}

/**
 * The longest stretch of a window's speech between its long pauses (as {@linkcode dropPauses} finds them), so that a
 * window over the end of one utterance and the start of the next is judged on one utterance, as a clip would be. A
 * window without long pauses, or without speech, is returned as it is.
 *
 * @example
 * longestStretch(w.samples, 48000, w.start, (i) => (i < vad.frames ? vad.frame(i) : -1));
 */
export function longestStretch(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions = {},
): Float32Array {
  const seconds = samples.length / sampleRate, { cuts, speech } = pauses(seconds, start, frame, options);
  if (!speech || !cuts.length) return samples;
  const edges = [start, ...cuts.flat(), start + seconds];
  let best: [number, number] = [start, start];
  for (let k = 0; k < edges.length; k += 2) {
    if (edges[k + 1] - edges[k] > best[1] - best[0]) best = [edges[k], edges[k + 1]];
  }
  const at = (t: number) => Math.max(0, Math.min(samples.length, Math.round((t - start) * sampleRate)));
  return samples.subarray(at(best[0]), at(best[1]));
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
 * dropPauses(w.samples, 48000, w.start, (i) => (i < vad.frames ? vad.frame(i) : -1));
 */
export function dropPauses(
  samples: Float32Array,
  sampleRate: number,
  start: number,
  frame: (i: number) => number,
  options: DropPausesOptions = {},
): Float32Array {
  const { cuts, speech } = pauses(samples.length / sampleRate, start, frame, options);
  if (!speech || !cuts.length) return samples;
  const at = (t: number) => Math.max(0, Math.min(samples.length, Math.round((t - start) * sampleRate)));
  const keep: Float32Array[] = [];
  let from = 0;
  for (const [t0, t1] of cuts) {
    keep.push(samples.subarray(from, at(t0)));
    from = at(t1);
  }
  keep.push(samples.subarray(from));
  const out = new Float32Array(keep.reduce((n, k) => n + k.length, 0));
  keep.reduce((o, k) => (out.set(k, o), o + k.length), 0);
  return out;
}

/** What a window's long pauses become: kept, cut out (the speech joined), or all but the longest stretch dropped. */
export type PauseHandling = "keep" | "cut" | "longest";

/**
 * A window's samples under a pause handling: `keep` returns them, `cut` is {@linkcode dropPauses}, `longest` is
 * {@linkcode longestStretch}.
 *
 * @example
 * withPauses("longest", w.samples, 48000, w.start, (i) => vad.frame(i));
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
