import type { Matrix } from "./matrix.ts";

/** Options for {@linkcode zeroCrossingRate}, as librosa's. */
export interface ZeroCrossingRateOptions {
  /** Frame length in samples. Default 2048. */
  frameLength?: number;
  /** Hop in samples. Default 512. */
  hopLength?: number;
  /** Pad `frameLength / 2` copies of the edge samples on both sides. Default true. */
  center?: boolean;
  /** Magnitudes at or below this count as zero. Default 1e-10. */
  threshold?: number;
}

/**
 * Zero-crossing rate per frame, as `librosa.feature.zero_crossing_rate(y)`.
 *
 * After edge padding, each frame of `frameLength` samples counts the positions j ≥ 1 where the sign bit of
 * `y[j]` differs from that of `y[j−1]` (values with |y| ≤ threshold count as +0), divided by `frameLength`.
 *
 * @param y Samples.
 * @returns `[1][frames]`, `frames = 1 + ⌊len(y) / hopLength⌋` when centred.
 * @throws {RangeError} If the (padded) signal is shorter than one frame.
 * @example
 * zeroCrossingRate(new Float32Array([1, -1, 1, -1]), { frameLength: 4, hopLength: 4, center: false }).data; // [0.75]
 */
export function zeroCrossingRate(y: ArrayLike<number>, options: ZeroCrossingRateOptions = {}): Matrix {
  const { frameLength = 2048, hopLength = 512, center = true, threshold = 1e-10 } = options;
  const pad = center ? frameLength >> 1 : 0;
  const n = y.length + 2 * pad;
  if (y.length === 0 || n < frameLength) {
    throw new RangeError(`signal of ${y.length} samples is shorter than \`frameLength\` = ${frameLength}`);
  }
  // Sign bit of each edge-padded sample after librosa zeroes |y| ≤ threshold (np.signbit: −0 counts as negative,
  // but only a negative threshold lets a −0 through).
  const len = y.length, sign = new Uint8Array(n);
  if (threshold >= 0) { for (let i = 0; i < len; i++) sign[pad + i] = +(y[i] < -threshold); }
  else for (let i = 0; i < len; i++) sign[pad + i] = +(y[i] < 0 || Object.is(y[i], -0));
  sign.fill(sign[pad], 0, pad);
  sign.fill(sign[pad + len - 1], pad + len);
  // cross[i] = 1 when sample i's sign differs from sample i−1's; prefix sums give each frame's count.
  const prefix = new Uint32Array(n + 1);
  for (let i = 1; i < n; i++) prefix[i + 1] = prefix[i] + (sign[i] ^ sign[i - 1]);
  const frames = 1 + Math.floor((n - frameLength) / hopLength);
  const data = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    const s = t * hopLength;
    // Crossings at positions s+1 … s+frameLength−1 (position s is the frame's own first sample: never counted).
    data[t] = (prefix[s + frameLength] - prefix[s + 1]) / frameLength;
  }
  return { rows: 1, cols: frames, data };
}
