import fvad from "@echogarden/fvad-wasm";
import { resample } from "../audio/resample.ts";
import { realFft } from "../features/fft.ts";

/** Options for {@linkcode VoiceActivityDetector}. */
export interface VadOptions {
  /** WebRTC VAD aggressiveness, 0 (least) – 3 (most). Default 3. */
  mode?: 0 | 1 | 2 | 3;
  /**
   * A speech frame must be at least this many dB above the recording's noise floor (a low percentile of the last
   * `floorSeconds` of frame energies), so steady noise at any level is not speech. Default 9.
   */
  marginDb?: number;
  /**
   * A speech frame is within this many dB of the recording's level (the 95th percentile of recent frame energies): a
   * breath or the room 40 dB below the voice is not speech, whatever the recording's gain. Default 30.
   */
  rangeDb?: number;
  /** Seconds of frame energies the noise floor is estimated from. Default 4. */
  floorSeconds?: number;
  /** Frames quieter than this (dB re full scale) are silence whatever the floor: digital zeros and dither. Default −100. */
  minDb?: number;
  /**
   * A frame whose spectral flatness (geometric / arithmetic mean of its power spectrum) exceeds this is noise, not
   * speech: white noise is near 0.4–0.6, voiced speech below 0.1. Default 0.25.
   */
  maxFlatness?: number;
}

const RATE = 16000, FRAME = 480; // 30 ms at 16 kHz
/** The level the WebRTC detector is fed at: the recording's loud frames are brought here (dBFS). */
const TARGET_DB = -20, MAX_GAIN_DB = 45;
/** Spectral flatness is measured over 94–4,000 Hz (bins of 31.25 Hz), where a voice's energy is. */
const FLAT_LO = 3, FLAT_HI = 128;
/** Until this many frames are in, the floor estimate is capped by a prior (dBFS). */
const WARMUP_FRAMES = 34, PRIOR_FLOOR_DB = -60;

// deno-lint-ignore no-explicit-any
type FvadModule = any;
let modulePromise: Promise<FvadModule> | null = null;

/** The `p`-th fraction of a ring's first `n` values (a copy is sorted). */
function quantile(ring: Float64Array, n: number, p: number): number {
  const s = ring.slice(0, n).sort();
  return s[Math.min(n - 1, Math.floor(p * n))];
}

/**
 * Voice activity detection for streams of any level: decisions per 30 ms frame at 16 kHz that depend on the recording,
 * not on absolute loudness.
 *
 * 1. The recording's level is tracked (the 95th percentile of the last `floorSeconds` of frame energies) and each frame
 *    is fed to the WebRTC VAD (libfvad compiled to WebAssembly, from npm) scaled so that level sits at −20 dBFS (up to
 *    +45 dB): a voice recorded 30 dB quieter than a studio clip looks the same to it.
 * 2. The noise floor is the 5th percentile of the same energies; a speech frame must be `marginDb` above it, so steady
 *    noise — at −60 dBFS or at −20 — is never speech, however it is scaled; and within `rangeDb` of the level, so the
 *    room and breaths far below the voice are not either, at any gain.
 * 3. Noise-like frames whose spectral flatness exceeds `maxFlatness` are rejected (the WebRTC detector calls white
 *    noise speech), as are frames below `minDb` (digital silence).
 *
 * Samples at any rate are resampled to 16 kHz block by block. Decisions are kept for the last `keepSeconds` only
 * (default: all), so a live stream's memory does not grow.
 *
 * @example
 * const vad = await VoiceActivityDetector.create(48000);
 * vad.push(block); // as blocks arrive
 * vad.voicedFraction(2.0, 5.0); // share of speech frames in [2 s, 5 s)
 */
export class VoiceActivityDetector {
  readonly sampleRate: number;
  readonly options: Required<VadOptions>;
  /** Seconds per decision frame (0.03). */
  readonly frameSeconds = FRAME / RATE;
  readonly #m: FvadModule;
  readonly #inst: number;
  readonly #ptr: number;
  readonly #keep: number;
  #pending = new Float32Array(0);
  #frames: Uint8Array;
  #count = 0;
  readonly #energies: Float64Array;
  #energyCount = 0;
  #levels: { floorDb: number; levelDb: number; at: number } = { floorDb: PRIOR_FLOOR_DB, levelDb: TARGET_DB, at: -1 };
  readonly #fft = realFft(512);
  readonly #re = new Float64Array(257);
  readonly #im = new Float64Array(257);
  readonly #buf = new Float64Array(512);
  readonly #win = Float64Array.from({ length: FRAME }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));

  private constructor(m: FvadModule, sampleRate: number, options: Required<VadOptions>, keepSeconds: number) {
    this.#m = m;
    this.sampleRate = sampleRate;
    this.options = options;
    this.#inst = m._fvad_new();
    if (!this.#inst) throw new Error("fvad_new failed");
    if (m._fvad_set_mode(this.#inst, options.mode) < 0) throw new RangeError(`invalid VAD mode ${options.mode}`);
    m._fvad_set_sample_rate(this.#inst, RATE);
    this.#ptr = m._malloc(FRAME * 2);
    this.#keep = Number.isFinite(keepSeconds) ? Math.ceil(keepSeconds / this.frameSeconds) : 0;
    this.#frames = new Uint8Array(this.#keep || 1024);
    this.#energies = new Float64Array(Math.max(8, Math.round(options.floorSeconds / this.frameSeconds)));
  }

  /**
   * A detector for samples at `sampleRate`.
   *
   * @param options.keepSeconds Keep decisions for this many recent seconds only (a live stream). Default: all.
   * @throws {RangeError} If `sampleRate` is not positive or the mode is not 0–3.
   */
  static async create(
    sampleRate: number,
    options: VadOptions & { keepSeconds?: number } = {},
  ): Promise<VoiceActivityDetector> {
    if (!(sampleRate > 0)) throw new RangeError(`\`sampleRate\` must be positive: received ${sampleRate}`);
    modulePromise ??= (fvad as unknown as () => Promise<FvadModule>)();
    const m = await modulePromise;
    return new VoiceActivityDetector(m, sampleRate, {
      mode: options.mode ?? 3,
      marginDb: options.marginDb ?? 9,
      rangeDb: options.rangeDb ?? 30,
      floorSeconds: options.floorSeconds ?? 4,
      minDb: options.minDb ?? -100,
      maxFlatness: options.maxFlatness ?? 0.25,
    }, options.keepSeconds ?? Infinity);
  }

  /** Decision frames so far. */
  get frames(): number {
    return this.#count;
  }

  /** The speech decision of frame `i` (1 speech, 0 not; 0 for a frame no longer kept). */
  frame(i: number): number {
    if (this.#keep) return i >= this.#count - this.#keep && i < this.#count ? this.#frames[i % this.#keep] : 0;
    return this.#frames[i];
  }

  /** The speech decision of frame `i` as {@linkcode frame}, or −1 for a frame not decided yet. */
  decision(i: number): number {
    return i < this.#count ? this.frame(i) : -1;
  }

  /** The current noise floor and level estimates, dBFS (from the recent frames; refreshed every 8 frames). */
  get levels(): { floorDb: number; levelDb: number } {
    const n = Math.min(this.#energyCount, this.#energies.length);
    if (n === 0) return { floorDb: PRIOR_FLOOR_DB, levelDb: TARGET_DB };
    if (this.#levels.at < 0 || this.#energyCount - this.#levels.at >= 8 || n < WARMUP_FRAMES) {
      const floor = quantile(this.#energies, n, 0.05);
      this.#levels = {
        floorDb: n < WARMUP_FRAMES ? Math.min(floor, PRIOR_FLOOR_DB) : floor,
        levelDb: quantile(this.#energies, n, 0.95),
        at: this.#energyCount,
      };
    }
    return this.#levels;
  }

  /** Add mono samples (at the detector's rate) and decide every complete 30 ms frame among them. */
  push(samples: Float32Array): void {
    const y16 = this.sampleRate === RATE ? samples : resample(samples, { origSr: this.sampleRate, targetSr: RATE }).y;
    const x = new Float32Array(this.#pending.length + y16.length);
    x.set(this.#pending);
    x.set(y16, this.#pending.length);
    let at = 0;
    for (; at + FRAME <= x.length; at += FRAME) this.#decide(x.subarray(at, at + FRAME));
    this.#pending = x.slice(at);
  }

  #record(decision: number): void {
    if (this.#keep) this.#frames[this.#count % this.#keep] = decision;
    else {
      if (this.#count === this.#frames.length) {
        const grown = new Uint8Array(2 * this.#frames.length);
        grown.set(this.#frames);
        this.#frames = grown;
      }
      this.#frames[this.#count] = decision;
    }
    this.#count++;
  }

  /** Geometric over arithmetic mean of the frame's Hann-windowed power spectrum over 94–4,000 Hz. */
  #flatness(frame: Float32Array): number {
    this.#buf.fill(0);
    for (let i = 0; i < FRAME; i++) this.#buf[i] = frame[i] * this.#win[i];
    this.#fft.forward(this.#buf, this.#re, this.#im);
    let lg = 0, ar = 0;
    for (let k = FLAT_LO; k < FLAT_HI; k++) {
      const p = this.#re[k] ** 2 + this.#im[k] ** 2 + 1e-20;
      lg += Math.log(p);
      ar += p;
    }
    const n = FLAT_HI - FLAT_LO;
    return Math.exp(lg / n) / (ar / n);
  }

  #decide(frame: Float32Array): void {
    let energy = 0;
    for (let i = 0; i < FRAME; i++) energy += frame[i] * frame[i];
    const db = 10 * Math.log10(energy / FRAME + 1e-20);
    if (db > this.options.minDb) this.#energies[this.#energyCount++ % this.#energies.length] = db;
    const { floorDb, levelDb } = this.levels;
    const o = this.options;
    if (db <= o.minDb || db < floorDb + o.marginDb || db < levelDb - o.rangeDb) return this.#record(0);
    const gain = 10 ** (Math.min(MAX_GAIN_DB, Math.max(0, TARGET_DB - levelDb)) / 20) * 32768;
    const heap = new Int16Array(this.#m.HEAP16.buffer, this.#ptr, FRAME);
    for (let i = 0; i < FRAME; i++) heap[i] = Math.max(-32768, Math.min(32767, Math.round(frame[i] * gain)));
    const speech = this.#m._fvad_process(this.#inst, this.#ptr, FRAME) === 1 &&
      this.#flatness(frame) <= this.options.maxFlatness;
    this.#record(speech ? 1 : 0);
  }

  /** Share of speech frames among those inside `[start, end)` seconds (0 when none are decided yet). */
  voicedFraction(start: number, end: number): number {
    const a = Math.max(0, Math.floor(start / this.frameSeconds), this.#keep ? this.#count - this.#keep : 0),
      b = Math.min(this.#count, Math.ceil(end / this.frameSeconds));
    if (b <= a) return 0;
    let v = 0;
    for (let i = a; i < b; i++) v += this.frame(i);
    return v / (b - a);
  }

  /** Free the WebAssembly state. */
  close(): void {
    this.#m._free(this.#ptr);
    this.#m._fvad_free(this.#inst);
  }
}
