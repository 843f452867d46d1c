import Meyda from "meyda";

/** Per-frame exploration descriptors from meyda. */
export interface FrameDescriptors {
  /** Root mean square of each (Hann-windowed) frame. */
  rms: Float32Array;
  /** Spectral centroid in Hz. */
  spectralCentroid: Float32Array;
  /** Spectral flatness (geometric / arithmetic mean of the power spectrum), 0 = tonal, 1 = white noise. */
  spectralFlatness: Float32Array;
  /** Frame start times in seconds. */
  times: Float32Array;
}

/**
 * Loudness and brightness descriptors per frame, computed by **meyda** (its definitions are the standard ones, unlike
 * its mel, MFCC, chroma and ZCR, which differ from librosa's and are therefore not used for the seed's 195 features).
 * Meyda windows each frame with a Hann window before analysis; these descriptors are for exploration and are not
 * model inputs.
 *
 * Centroid: `Σ k·|X_k| / Σ |X_k|` converted from bins to Hz (`× sampleRate / frameLength`).
 *
 * @param y Samples.
 * @param sampleRate Rate in Hz.
 * @param options.frameLength Frame size, a power of two. Default 2048.
 * @param options.hopLength Hop in samples. Default 512.
 * @throws {RangeError} If the frame length is not a power of two or the signal is shorter than one frame.
 * @example
 * const { rms, spectralCentroid } = frameDescriptors(y, 22050);
 */
export function frameDescriptors(
  y: Float32Array,
  sampleRate: number,
  options: { frameLength?: number; hopLength?: number } = {},
): FrameDescriptors {
  const { frameLength = 2048, hopLength = 512 } = options;
  if (frameLength < 2 || (frameLength & (frameLength - 1)) !== 0) {
    throw new RangeError(`\`frameLength\` must be a power of two: received ${frameLength}`);
  }
  if (y.length < frameLength) {
    throw new RangeError(`signal of ${y.length} samples is shorter than one frame of ${frameLength}`);
  }
  const m = Meyda as unknown as {
    sampleRate: number;
    bufferSize: number;
    extract(f: string[], s: Float32Array): Record<string, number>;
  };
  m.sampleRate = sampleRate;
  m.bufferSize = frameLength;
  const n = 1 + Math.floor((y.length - frameLength) / hopLength);
  const out = {
    rms: new Float32Array(n),
    spectralCentroid: new Float32Array(n),
    spectralFlatness: new Float32Array(n),
    times: new Float32Array(n),
  };
  for (let t = 0; t < n; t++) {
    const frame = y.slice(t * hopLength, t * hopLength + frameLength);
    const f = m.extract(["rms", "spectralCentroid", "spectralFlatness"], frame);
    out.rms[t] = f.rms;
    out.spectralCentroid[t] = (f.spectralCentroid * sampleRate) / frameLength;
    out.spectralFlatness[t] = f.spectralFlatness;
    out.times[t] = (t * hopLength) / sampleRate;
  }
  return out;
}
