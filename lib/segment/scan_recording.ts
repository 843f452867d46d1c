/**
 * A recording of any length and container, decoded block by block (memory does not grow with its length), mixed to
 * mono as `loadAudio` mixes, cut into sliding windows, each with the voice-activity verdict. Timelines and
 * enrolments are built on it.
 *
 * @module
 */
import { openAudio } from "../audio/audio_reader.ts";
import { type VadOptions, VoiceActivityDetector } from "./vad.ts";
import { type Window, WindowCursor, type WindowOptions } from "./windows.ts";
import { type PauseHandling, withPauses } from "./drop_pauses.ts";

/** Options of {@linkcode scanRecording}. */
export interface ScanOptions extends WindowOptions {
  /** Run voice activity detection (off: every window is voiced). Default true. */
  vad?: boolean;
  /** A window is voiced when at least this share of its 30 ms frames is speech. Default 0.2. */
  minSpeechFraction?: number;
  vadOptions?: VadOptions;
  /**
   * What a voiced window's long pauses become before it is classified (`withPauses`): `keep` (the window as it is),
   * `cut` (its speech joined) or `longest` (its longest stretch of speech alone). Needs the VAD. Default `keep`.
   */
  pauses?: PauseHandling;
  /** Name for messages when the input is bytes. */
  source?: string;
  /** Decode at most this many seconds (the rest is not read). Default: all. */
  maxSeconds?: number;
  /** Called once the recording is open, with its native rate and channels. */
  onOpen?: (format: { sampleRate: number; channels: number }) => void;
  /** Called with each decoded mono block (native rate). */
  onBlock?: (mono: Float32Array) => void;
  /** Called with seconds decoded so far and the total (null when the decoder cannot tell). */
  onProgress?: (seconds: number, total: number | null) => void;
}

/** A window of the recording: its bounds, its mono samples at the native rate, and whether it holds speech. */
export type ScannedWindow = Window & { samples: Float32Array; voiced: boolean; speechFraction: number };

/** What was scanned. */
export interface RecordingInfo {
  source: string;
  container: string;
  decoder: string;
  /** Native rate in Hz, and channels before mixing. */
  sampleRate: number;
  channels: number;
  /** Seconds decoded. */
  duration: number;
  /** Frames the header declares in all (seconds), or null when the decoder cannot tell before reading. */
  declaredSeconds: number | null;
  window: number;
  hop: number;
  /** The VAD's decision per 30 ms frame (1 speech), from the start; empty with `vad: false`. */
  speechFrames: Uint8Array;
}

/** The float32 mean over interleaved channels, as `loadAudio` mixes. */
function mixToMono(block: Float32Array, channels: number): Float32Array {
  if (channels === 1) return block;
  const frames = block.length / channels, mono = new Float32Array(frames);
  for (let i = 0, b = 0; i < frames; i++, b += channels) {
    let acc = block[b];
    for (let c = 1; c < channels; c++) acc = Math.fround(acc + block[b + c]);
    mono[i] = acc / channels;
  }
  return mono;
}

/**
 * Decode `input` and call `onWindow` for every sliding window (`window` 3 s, `hop` 1 s by default): window k holds
 * exactly the samples `loadAudio(file, { offset: k × hop, duration: window, sampleRate: null })` would give, mixed to
 * mono.
 *
 * @throws {AudioDecodeError} If the recording cannot be decoded; {RangeError} if a sample is not finite.
 * @example
 * const info = await scanRecording("call.flac", {}, (w) => w.voiced && console.log(w.start));
 */
export async function scanRecording(
  input: string | Uint8Array,
  options: ScanOptions,
  onWindow: (w: ScannedWindow) => void | Promise<void>,
): Promise<RecordingInfo> {
  const reader = await openAudio(input, { source: options.source });
  try {
    const sr = reader.sampleRate, nch = reader.channels;
    const cursor = new WindowCursor(sr, options);
    const vad = options.vad === false ? null : await VoiceActivityDetector.create(sr, options.vadOptions);
    const minSpeech = options.minSpeechFraction ?? 0.2;
    const total = reader.frames === null ? null : reader.frames / sr;
    if (options.maxSeconds !== undefined && !(options.maxSeconds > 0)) {
      throw new RangeError(`\`maxSeconds\` must be positive: received ${options.maxSeconds}`);
    }
    options.onOpen?.({ sampleRate: sr, channels: nch });
    let speechFrames = new Uint8Array(0);
    const emit = async (w: Window & { samples: Float32Array }) => {
      const speechFraction = vad ? vad.voicedFraction(w.start, w.end) : 1;
      const samples = vad
        ? withPauses(options.pauses ?? "keep", w.samples, sr, w.start, (i) => vad.decision(i))
        : w.samples;
      await onWindow({ ...w, samples, voiced: speechFraction >= minSpeech, speechFraction });
    };
    try {
      const limit = options.maxSeconds === undefined ? Infinity : Math.ceil(options.maxSeconds * sr);
      for (;;) {
        const block = await reader.read(Math.min(sr, limit - cursor.samples));
        if (block.length === 0) break;
        const mono = mixToMono(block, nch);
        for (let i = 0; i < mono.length; i++) {
          if (!Number.isFinite(mono[i])) {
            throw new RangeError(`${reader.source}: audio is not finite at ${(cursor.samples + i) / sr} s`);
          }
        }
        options.onBlock?.(mono);
        vad?.push(mono);
        for (const w of cursor.push(mono)) await emit(w);
        options.onProgress?.(cursor.samples / sr, total);
      }
      for (const w of cursor.finish()) await emit(w);
      speechFrames = new Uint8Array(vad?.frames ?? 0);
      for (let i = 0; i < speechFrames.length; i++) speechFrames[i] = vad!.frame(i);
    } finally {
      vad?.close();
    }
    return {
      speechFrames,
      source: reader.source,
      container: reader.container,
      decoder: reader.decoder,
      sampleRate: sr,
      channels: nch,
      duration: cursor.samples / sr,
      declaredSeconds: total,
      window: cursor.window,
      hop: cursor.hop,
    };
  } finally {
    await reader.close();
  }
}
