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
  const fs = options.frameSeconds ?? 0.03, minPause = options.minPause ?? 0.25, margin = options.margin ?? 0.05;
  const end = start + samples.length / sampleRate;
  const a = Math.floor(start / fs), b = Math.ceil(end / fs);
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
