/** Options for sliding windows, in seconds. */
export interface WindowOptions {
  /** Window length. Default 3 (the seed's clip length). */
  window?: number;
  /** Hop between window starts. Default 1. */
  hop?: number;
  /** A last partial window shorter than this is dropped. Default `min(0.5, window / 2)`. */
  minPartial?: number;
}

/** One analysis window. */
export interface Window {
  /** 0-based index. */
  index: number;
  /** Start and end in seconds (`end − start < window` for a partial window). */
  start: number;
  end: number;
  /** The same in samples: `[startSample, endSample)` at the signal's rate. */
  startSample: number;
  endSample: number;
  /** True when shorter than the window (the recording is shorter, or its tail). */
  partial: boolean;
}

function check(o: WindowOptions): { window: number; hop: number; minPartial: number } {
  const window = o.window ?? 3, hop = o.hop ?? 1;
  if (!(window > 0) || !Number.isFinite(window)) {
    throw new RangeError(`\`window\` must be a positive number of seconds: received ${window}`);
  }
  if (!(hop > 0) || hop > window) {
    throw new RangeError(`\`hop\` must be in (0, window = ${window}] seconds: received ${hop}`);
  }
  return { window, hop, minPartial: o.minPartial ?? Math.min(0.5, window / 2) };
}

/**
 * The sliding windows over a recording of `totalSamples` at `sampleRate`, the same ones {@linkcode WindowCursor}
 * yields while streaming.
 *
 * Window k starts at `k × hop` seconds and is full (`window` long) while it fits. If the last full window does not
 * reach the end, one partial window follows at the next hop and runs to the end (dropped when shorter than
 * `minPartial`); a recording shorter than one window gives a single partial window over all of it. Sample bounds are
 * `trunc(seconds × rate)`, as `loadAudio`'s offset and duration, so each window is exactly the clip
 * `loadAudio(path, { offset: start, duration: window })` would load.
 *
 * @example
 * slidingWindows(5.5 * 16000, 16000); // [0,3] [1,4] [2,5] and the partial [3,5.5]
 */
export function slidingWindows(totalSamples: number, sampleRate: number, options: WindowOptions = {}): Window[] {
  const { window, hop, minPartial } = check(options);
  const len = Math.trunc(window * sampleRate);
  const startOf = (k: number) => Math.trunc(k * hop * sampleRate);
  const out: Window[] = [];
  if (totalSamples <= 0) return out;
  let k = 0;
  for (; startOf(k) + len <= totalSamples; k++) {
    out.push({
      index: k,
      start: k * hop,
      end: k * hop + window,
      startSample: startOf(k),
      endSample: startOf(k) + len,
      partial: false,
    });
  }
  const lastEnd = k > 0 ? startOf(k - 1) + len : 0;
  const s0 = startOf(k);
  if (lastEnd < totalSamples && s0 < totalSamples && (k === 0 || (totalSamples - s0) / sampleRate >= minPartial)) {
    out.push({
      index: k,
      start: k * hop,
      end: totalSamples / sampleRate,
      startSample: s0,
      endSample: totalSamples,
      partial: true,
    });
  }
  return out;
}

/**
 * Sliding windows over a stream: push mono samples as they arrive and take each window as soon as its last sample is
 * in. Only the last `window` seconds are kept, so memory does not grow with the recording. Windows are those of
 * {@linkcode slidingWindows}; call {@linkcode WindowCursor.finish} at the end for the partial last window.
 *
 * @example
 * const cursor = new WindowCursor(48000);
 * for (const block of blocks) for (const w of cursor.push(block)) predict(w.samples);
 * for (const w of cursor.finish()) predict(w.samples);
 */
export class WindowCursor {
  readonly sampleRate: number;
  readonly window: number;
  readonly hop: number;
  readonly minPartial: number;
  readonly #len: number;
  readonly #ring: Float32Array;
  #total = 0;
  #next = 0;

  constructor(sampleRate: number, options: WindowOptions = {}) {
    if (!(sampleRate > 0)) throw new RangeError(`\`sampleRate\` must be positive: received ${sampleRate}`);
    const o = check(options);
    this.sampleRate = sampleRate;
    this.window = o.window;
    this.hop = o.hop;
    this.minPartial = o.minPartial;
    this.#len = Math.trunc(o.window * sampleRate);
    this.#ring = new Float32Array(this.#len);
  }

  /** Samples pushed so far. */
  get samples(): number {
    return this.#total;
  }

  /** The samples `[from, to)` (which must still be in the ring) as a new array. */
  #copy(from: number, to: number): Float32Array {
    const n = to - from, at = from % this.#len, first = Math.min(n, this.#len - at);
    const out = new Float32Array(n);
    out.set(this.#ring.subarray(at, at + first));
    if (first < n) out.set(this.#ring.subarray(0, n - first), first);
    return out;
  }

  #window(index: number, start: number, end: number, startSample: number, endSample: number, partial: boolean) {
    return { index, start, end, startSample, endSample, partial, samples: this.#copy(startSample, endSample) };
  }

  /**
   * Add samples; returns the full windows that are now complete, each with a copy of its samples.
   */
  push(block: Float32Array): (Window & { samples: Float32Array })[] {
    const out: (Window & { samples: Float32Array })[] = [];
    let at = 0;
    while (at < block.length) {
      const startSample = Math.trunc(this.#next * this.hop * this.sampleRate);
      const endSample = startSample + this.#len;
      // Take samples up to the next window's end at most, so that its start is still in the ring.
      const room = Math.max(1, Math.min(block.length - at, endSample - this.#total));
      // Copy into the ring in at most two runs (it wraps once at most, since room ≤ the ring's length).
      const pos = this.#total % this.#len, first = Math.min(room, this.#len - pos);
      this.#ring.set(block.subarray(at, at + first), pos);
      if (first < room) this.#ring.set(block.subarray(at + first, at + room), 0);
      this.#total += room;
      at += room;
      if (this.#total === endSample) {
        const start = this.#next * this.hop;
        out.push(this.#window(this.#next, start, start + this.window, startSample, endSample, false));
        this.#next++;
      }
    }
    return out;
  }

  /** The partial last window, if the stream ended before the next window was full (see {@linkcode slidingWindows}). */
  finish(): (Window & { samples: Float32Array })[] {
    const k = this.#next, start = k * this.hop;
    const startSample = Math.trunc(start * this.sampleRate);
    const lastEnd = k > 0 ? Math.trunc((k - 1) * this.hop * this.sampleRate) + this.#len : 0;
    if (this.#total === 0 || startSample >= this.#total || lastEnd >= this.#total) return [];
    if (k > 0 && (this.#total - startSample) / this.sampleRate < this.minPartial) return [];
    return [this.#window(k, start, this.#total / this.sampleRate, startSample, this.#total, true)];
  }
}
