import fvad from "@echogarden/fvad-wasm";
import { resample } from "../audio/resample.ts";
import { realFft } from "../features/fft.ts";

/** Options for {@linkcode VoiceActivityDetector}. */
export interface VadOptions {
  /** WebRTC VAD aggressiveness, 0 (least) – 3 (most). Default 3. */
  mode?: 0 | 1 | 2 | 3;
  /** A 30 ms frame quieter than this (dB re full scale) is not speech. Default −50. */
  minDb?: number;
  /**
   * A frame whose spectral flatness (geometric / arithmetic mean of its power spectrum) exceeds this is noise, not
   * speech: white noise is near 0.4–0.6, voiced speech below 0.1. Default 0.25.
   */
  maxFlatness?: number;
}

const RATE = 16000, FRAME = 480; // 30 ms at 16 kHz

// deno-lint-ignore no-explicit-any
type FvadModule = any;
let modulePromise: Promise<FvadModule> | null = null;

/**
 * Voice activity detection for streams: the WebRTC VAD (libfvad compiled to WebAssembly, from npm) decides per 30 ms
 * frame at 16 kHz, and two documented checks reject what it lets through that is not a voice — frames quieter than
 * `minDb`, and noise-like frames whose spectral flatness exceeds `maxFlatness` (WebRTC's detector is energy and
 * spectrum based and calls steady white noise speech). Samples at any rate are resampled to 16 kHz block by block.
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
  #pending = new Float32Array(0);
  #frames = new Uint8Array(1024);
  #count = 0;
  readonly #fft = realFft(512);
  readonly #re = new Float64Array(257);
  readonly #im = new Float64Array(257);
  readonly #buf = new Float64Array(512);
  readonly #win = Float64Array.from({ length: FRAME }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));

  private constructor(m: FvadModule, sampleRate: number, options: Required<VadOptions>) {
    this.#m = m;
    this.sampleRate = sampleRate;
    this.options = options;
    this.#inst = m._fvad_new();
    if (!this.#inst) throw new Error("fvad_new failed");
    if (m._fvad_set_mode(this.#inst, options.mode) < 0) throw new RangeError(`invalid VAD mode ${options.mode}`);
    m._fvad_set_sample_rate(this.#inst, RATE);
    this.#ptr = m._malloc(FRAME * 2);
  }

  /**
   * A detector for samples at `sampleRate`.
   *
   * @throws {RangeError} If `sampleRate` is not positive or the mode is not 0–3.
   */
  static async create(sampleRate: number, options: VadOptions = {}): Promise<VoiceActivityDetector> {
    if (!(sampleRate > 0)) throw new RangeError(`\`sampleRate\` must be positive: received ${sampleRate}`);
    modulePromise ??= (fvad as unknown as () => Promise<FvadModule>)();
    const m = await modulePromise;
    return new VoiceActivityDetector(m, sampleRate, {
      mode: options.mode ?? 3,
      minDb: options.minDb ?? -50,
      maxFlatness: options.maxFlatness ?? 0.25,
    });
  }

  /** Decision frames so far. */
  get frames(): number {
    return this.#count;
  }

  /** The speech decision of frame `i` (1 speech, 0 not). */
  frame(i: number): number {
    return this.#frames[i];
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

  #decide(frame: Float32Array): void {
    if (this.#count === this.#frames.length) {
      const grown = new Uint8Array(2 * this.#frames.length);
      grown.set(this.#frames);
      this.#frames = grown;
    }
    let energy = 0;
    const heap = new Int16Array(this.#m.HEAP16.buffer, this.#ptr, FRAME);
    for (let i = 0; i < FRAME; i++) {
      const v = frame[i];
      energy += v * v;
      heap[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
    }
    const db = 10 * Math.log10(energy / FRAME + 1e-20);
    let speech = this.#m._fvad_process(this.#inst, this.#ptr, FRAME) === 1 && db > this.options.minDb;
    if (speech) {
      this.#buf.fill(0);
      for (let i = 0; i < FRAME; i++) this.#buf[i] = frame[i] * this.#win[i];
      this.#fft.forward(this.#buf, this.#re, this.#im);
      let lg = 0, ar = 0;
      for (let k = 1; k < 257; k++) {
        const p = this.#re[k] ** 2 + this.#im[k] ** 2 + 1e-20;
        lg += Math.log(p);
        ar += p;
      }
      speech = Math.exp(lg / 256) / (ar / 256) <= this.options.maxFlatness;
    }
    this.#frames[this.#count++] = speech ? 1 : 0;
  }

  /** Share of speech frames among those inside `[start, end)` seconds (0 when none are decided yet). */
  voicedFraction(start: number, end: number): number {
    const a = Math.max(0, Math.floor(start / this.frameSeconds)),
      b = Math.min(this.#count, Math.ceil(end / this.frameSeconds));
    if (b <= a) return 0;
    let v = 0;
    for (let i = a; i < b; i++) v += this.#frames[i];
    return v / (b - a);
  }

  /** Free the WebAssembly state. */
  close(): void {
    this.#m._free(this.#ptr);
    this.#m._fvad_free(this.#inst);
  }
}
