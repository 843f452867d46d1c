/** Options for {@linkcode trim}, as `librosa.effects.trim`'s. */
export interface TrimOptions {
  /** Frames quieter than this many dB below the loudest frame are silence. Default 60. */
  topDb?: number;
  /** RMS frame length in samples. Default 2048. */
  frameLength?: number;
  /** Hop in samples. Default 512. */
  hopLength?: number;
}

/**
 * Trim leading and trailing silence, as `librosa.effects.trim(y, top_db, frame_length, hop_length)`.
 *
 * RMS per centred, zero-padded frame; a frame is non-silent when `20 log10(rms / max rms) > −topDb` (with librosa's
 * amplitude floor 1e-5); the result runs from the first non-silent frame's start to the last one's end
 * (`frame × hop`, clipped to the signal). All silence gives an empty signal, as in librosa.
 *
 * @returns The trimmed view and its `[start, end)` sample range.
 * @example
 * const { y: voiced } = trim(y, { topDb: 40 });
 */
export function trim(y: Float32Array, options: TrimOptions = {}): { y: Float32Array; start: number; end: number } {
  const { topDb = 60, frameLength = 2048, hopLength = 512 } = options;
  const pad = frameLength >> 1;
  const frames = 1 + Math.floor(y.length / hopLength);
  const rms = new Float64Array(frames);
  let max = 0;
  for (let t = 0; t < frames; t++) {
    let s = 0;
    const a = t * hopLength - pad;
    for (let i = Math.max(0, a); i < Math.min(y.length, a + frameLength); i++) s += y[i] * y[i];
    rms[t] = Math.sqrt(s / frameLength);
    if (rms[t] > max) max = rms[t];
  }
  // amplitude_to_db(rms, ref=max): 10 log10(max(1e-10, rms²)) − 10 log10(max(1e-10, max²)).
  const ref = 10 * Math.log10(Math.max(1e-10, max * max));
  let first = -1, last = -1;
  for (let t = 0; t < frames; t++) {
    if (10 * Math.log10(Math.max(1e-10, rms[t] * rms[t])) - ref > -topDb) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0) return { y: y.subarray(0, 0), start: 0, end: 0 };
  const start = first * hopLength, end = Math.min(y.length, (last + 1) * hopLength);
  return { y: y.subarray(start, end), start, end };
}
