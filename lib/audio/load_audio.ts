import { type AudioReader, openAudio, openAudioSync, type SyncAudioReader } from "./audio_reader.ts";
import type { DecoderName } from "./detect_container.ts";
import { AudioDecodeError, AudioValueError } from "./errors.ts";
import { resample, type ResamplerName } from "./resample.ts";

/** Options for {@linkcode loadAudio}, named as librosa.load's arguments. */
export interface LoadAudioOptions {
  /** Target sampling rate in Hz, or `null` to keep the native rate. Default 22050. */
  sampleRate?: number | null;
  /**
   * Seconds to skip from the start: `trunc(offset × nativeRate)` frames (`round(…)` for ffmpeg's containers, as
   * librosa's audioread path). Default 0.
   */
  offset?: number;
  /** Seconds to read: `trunc(duration × nativeRate)` frames (`round` for ffmpeg). Short files are not padded. Default: to the end. */
  duration?: number;
  /** Mix to mono by the mean over channels. Default true. */
  mono?: boolean;
  /** Resampler, as {@linkcode resample}'s `resType`. Default `"auto"` (libsoxr HQ when available). */
  resType?: ResamplerName | "auto";
}

/** A loaded signal. */
export interface LoadedAudio {
  /** Mono samples (or channel 0 when `mono` is false). */
  y: Float32Array;
  /** All channels; `[y]` when mono. */
  channelData: Float32Array[];
  /** Sampling rate of `y` in Hz. */
  sampleRate: number;
  /** Sampling rate of the file in Hz. */
  nativeSampleRate: number;
  /** Channels in the file. */
  nativeChannels: number;
  /** The resampler that ran, or `null` when the native rate was kept. */
  resampler: ResamplerName | null;
  /** Tolerated problems in the file, such as a truncated data chunk. */
  warnings: string[];
  /** The path, or `"<bytes>"`. */
  source: string;
  /** The container detected from the bytes, e.g. `WAV`, `FLAC`, `MP4/M4A`. */
  container: string;
  /** The decoder that read it (`null` for samples that were never a file). */
  decoder: DecoderName | null;
  /** Length of the whole recording in seconds when the decoder knows it up front (WAV, libsndfile), else null. */
  totalSeconds?: number | null;
}

/**
 * Load audio exactly as `librosa.load(path, sr=22050, mono=True, offset=0.0, duration=None)`, for every container
 * librosa reads.
 *
 * 1. Decode with the decoder librosa would use ({@linkcode openAudio}: WAV with libsndfile's scaling in TypeScript,
 *    FLAC/Ogg/MP3/AIFF/CAF/W64/… through libsndfile's `sf_readf_float`, MP4/M4A/WebM through ffmpeg as 16-bit PCM / 32768),
 *    reading `trunc(duration × nativeRate)` frames after `trunc(offset × nativeRate)` (rounded for ffmpeg).
 * 2. Mix to mono by the float32 mean over channels.
 * 3. Resample to `sampleRate` with libsoxr HQ and fix the length to `⌈n × sampleRate / nativeRate⌉`.
 * 4. Reject non-finite samples, as librosa's `util.valid_audio`.
 *
 * Only the frames asked for are read: a 3 s excerpt of an hour-long file costs the same as a 3 s file.
 *
 * @param source A path to an audio file, or its bytes.
 * @param options See {@linkcode LoadAudioOptions}; defaults match the seed's `librosa.load(path, sr=22050)`. With
 *   bytes, `options.source` names them in messages (default `"<bytes>"`).
 * @returns The signal, its rate, the decoder and which resampler ran.
 * @throws {AudioDecodeError} If the file cannot be read or decoded; the message names the file and reason.
 * @throws {AudioValueError} If the audio holds NaN or infinite samples.
 * @throws {RangeError} If `sampleRate`, `offset` or `duration` is negative or not finite.
 * @example
 * const { y, sampleRate } = await loadAudio("dataset/Savee/DC_a01.wav", { duration: 3 });
 * const phone = await loadAudio("voice-note.m4a"); // through ffmpeg, as librosa's audioread fallback
 */
export async function loadAudio(
  source: string | Uint8Array,
  options: LoadAudioOptions & { source?: string } = {},
): Promise<LoadedAudio> {
  checkOptions(options);
  const reader = await openAudio(source, { source: options.source });
  try {
    const [first, count] = frameWindow(reader, options);
    await reader.seek(first);
    const blocks: Float32Array[] = [];
    for (let left = count; left > 0;) {
      const b = await reader.read(Math.min(left, blockFrames(reader, left)));
      if (b.length === 0) break;
      blocks.push(b);
      left -= b.length / reader.channels;
    }
    return finishLoad(reader, blocks, first, options);
  } finally {
    await reader.close();
  }
}

/**
 * Synchronous form of {@linkcode loadAudio} for bytes already in memory, for the decoders that run in-process (WAV
 * and libsndfile's containers; ffmpeg's need `loadAudio`).
 *
 * @param bytes The file's bytes.
 * @param options As {@linkcode loadAudio}, plus `source`, the name used in messages.
 * @throws {AudioDecodeError | AudioValueError | RangeError} As {@linkcode loadAudio}.
 * @example
 * const { y } = loadAudioBytes(await Deno.readFile("clip.flac"), { source: "clip.flac" });
 */
export function loadAudioBytes(bytes: Uint8Array, options: LoadAudioOptions & { source?: string } = {}): LoadedAudio {
  checkOptions(options);
  const reader: SyncAudioReader = openAudioSync(bytes, { source: options.source });
  try {
    const [first, count] = frameWindow(reader, options);
    reader.seekSync(first);
    const blocks: Float32Array[] = [];
    for (let left = count; left > 0;) {
      const b = reader.readSync(Math.min(left, blockFrames(reader, left)));
      if (b.length === 0) break;
      blocks.push(b);
      left -= b.length / reader.channels;
    }
    return finishLoad(reader, blocks, first, options);
  } finally {
    reader.closeSync();
  }
}

function checkOptions(options: LoadAudioOptions): void {
  const { sampleRate = 22050, offset = 0, duration } = options;
  for (const [key, v] of [["offset", offset], ["duration", duration], ["sampleRate", sampleRate]] as const) {
    if (v !== undefined && v !== null && (!Number.isFinite(v) || v < 0 || (key === "sampleRate" && v === 0))) {
      throw new RangeError(
        `\`${key}\` must be a ${key === "sampleRate" ? "positive" : "non-negative"} number: received ${v}`,
      );
    }
  }
}

/** numpy's `round` (half to even), which librosa's audioread path applies to `offset × sr` and `duration × sr`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** First frame and frame count librosa reads for `offset` and `duration` with this decoder. */
function frameWindow(reader: AudioReader, options: LoadAudioOptions): [number, number] {
  const { offset = 0, duration } = options;
  const native = reader.sampleRate;
  // soundfile: seek(int(offset × sr)), read(int(duration × sr)); audioread: np.round of the same products.
  const toFrames = reader.decoder === "ffmpeg" ? roundHalfEven : Math.trunc;
  const first = toFrames(offset * native);
  let count = duration === undefined ? Infinity : toFrames(duration * native);
  if (reader.frames !== null) count = Math.min(count, Math.max(0, reader.frames - first));
  return [first, count];
}

/** One read when the length is known (so libsndfile decodes in one call, as soundfile does), else 1 s blocks. */
function blockFrames(reader: AudioReader, left: number): number {
  return Number.isFinite(left) ? left : reader.sampleRate;
}

function finishLoad(
  reader: AudioReader,
  blocks: Float32Array[],
  first: number,
  options: LoadAudioOptions,
): LoadedAudio {
  const { sampleRate = 22050, mono = true, resType = "auto" } = options;
  const { source, channels: nch, sampleRate: native } = reader;
  const samples = blocks.length === 1 ? blocks[0] : concat(blocks);
  const frames = samples.length / nch;
  if (frames === 0 && first === 0 && reader.decoder !== "wav") {
    throw new AudioDecodeError(source, `${reader.container}: no audio frames could be decoded`, {
      decoder: reader.decoder,
    });
  }
  let channels: Float32Array[];
  if (nch === 1) {
    channels = [samples];
  } else if (mono) {
    const y = new Float32Array(frames);
    for (let i = 0, b = 0; i < frames; i++, b += nch) {
      let acc = samples[b];
      for (let c = 1; c < nch; c++) acc = Math.fround(acc + samples[b + c]);
      y[i] = acc / nch;
    }
    channels = [y];
  } else {
    channels = Array.from({ length: nch }, (_, c) => {
      const ch = new Float32Array(frames);
      for (let i = 0; i < frames; i++) ch[i] = samples[i * nch + c];
      return ch;
    });
  }
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      if (!Number.isFinite(ch[i])) {
        throw new AudioValueError(source, `audio buffer is not finite everywhere (sample ${i} is ${ch[i]})`);
      }
    }
  }
  let resampler: ResamplerName | null = null;
  const target = sampleRate ?? native;
  if (target !== native) {
    channels = channels.map((ch) => {
      const r = resample(ch, { origSr: native, targetSr: target, resType });
      resampler = r.resampler;
      return r.y;
    });
  }
  return {
    y: channels[0],
    channelData: channels,
    sampleRate: target,
    nativeSampleRate: native,
    nativeChannels: nch,
    resampler,
    warnings: reader.warnings,
    source,
    container: reader.container,
    decoder: reader.decoder,
    totalSeconds: reader.frames === null ? null : reader.frames / native,
  };
}

function concat(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
  return out;
}
