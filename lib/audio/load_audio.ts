import { decodeWav, readWavInfo } from "./decode_wav.ts";
import { AudioDecodeError, AudioValueError } from "./errors.ts";
import { resample, type ResamplerName } from "./resample.ts";

/** Options for {@linkcode loadAudio}, named as librosa.load's arguments. */
export interface LoadAudioOptions {
  /** Target sampling rate in Hz, or `null` to keep the native rate. Default 22050. */
  sampleRate?: number | null;
  /** Seconds to skip from the start: `trunc(offset × nativeRate)` frames. Default 0. */
  offset?: number;
  /** Seconds to read: `trunc(duration × nativeRate)` frames. Short files are not padded. Default: to the end. */
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
}

/**
 * Load audio exactly as `librosa.load(path, sr=22050, mono=True, offset=0.0, duration=None)`.
 *
 * 1. Decode the WAV with libsndfile's scaling ({@linkcode decodeWav}), reading `trunc(duration × nativeRate)`
 *    frames after `trunc(offset × nativeRate)`.
 * 2. Mix to mono by the float32 mean over channels.
 * 3. Resample to `sampleRate` with libsoxr HQ and fix the length to `⌈n × sampleRate / nativeRate⌉`.
 * 4. Reject non-finite samples, as librosa's `util.valid_audio`.
 *
 * @param source A path to a WAV file, or its bytes.
 * @param options See {@linkcode LoadAudioOptions}; defaults match the seed's `librosa.load(path, sr=22050)`.
 * @returns The signal, its rate and which resampler ran.
 * @throws {AudioDecodeError} If the file cannot be read or decoded; the message names the file and reason.
 * @throws {AudioValueError} If the audio holds NaN or infinite samples.
 * @throws {RangeError} If `sampleRate`, `offset` or `duration` is negative or not finite.
 * @example
 * const { y, sampleRate } = await loadAudio("dataset/Savee/DC_a01.wav", { duration: 3 });
 */
export async function loadAudio(source: string | Uint8Array, options: LoadAudioOptions = {}): Promise<LoadedAudio> {
  const name = typeof source === "string" ? source : "<bytes>";
  let bytes: Uint8Array;
  if (typeof source === "string") {
    try {
      bytes = await Deno.readFile(source);
    } catch (e) {
      throw new AudioDecodeError(name, `cannot read file (${(e as Error).message})`, { cause: e });
    }
  } else {
    bytes = source;
  }
  return loadAudioBytes(bytes, { ...options, source: name });
}

/**
 * Synchronous form of {@linkcode loadAudio} for bytes already in memory.
 *
 * @param bytes The WAV file's bytes.
 * @param options As {@linkcode loadAudio}, plus `source`, the name used in messages.
 * @throws {AudioDecodeError | AudioValueError | RangeError} As {@linkcode loadAudio}.
 * @example
 * const { y } = loadAudioBytes(await Deno.readFile("clip.wav"), { source: "clip.wav" });
 */
export function loadAudioBytes(bytes: Uint8Array, options: LoadAudioOptions & { source?: string } = {}): LoadedAudio {
  const { sampleRate = 22050, offset = 0, duration, mono = true, resType = "auto" } = options;
  const source = options.source ?? "<bytes>";
  for (const [key, v] of [["offset", offset], ["duration", duration], ["sampleRate", sampleRate]] as const) {
    if (v !== undefined && v !== null && (!Number.isFinite(v) || v < 0 || (key === "sampleRate" && v === 0))) {
      throw new RangeError(
        `\`${key}\` must be a ${key === "sampleRate" ? "positive" : "non-negative"} number: received ${v}`,
      );
    }
  }
  const native = readWavInfo(bytes, { source }).sampleRate;
  const wav = decodeWav(bytes, {
    source,
    frameOffset: Math.trunc(offset * native),
    frameCount: duration === undefined ? undefined : Math.trunc(duration * native),
  });
  const nch = wav.channels;
  const frames = wav.frameCount;
  let channels: Float32Array[];
  if (nch === 1) {
    channels = [wav.samples];
  } else if (mono) {
    const y = new Float32Array(frames);
    for (let i = 0, b = 0; i < frames; i++, b += nch) {
      let acc = wav.samples[b];
      for (let c = 1; c < nch; c++) acc = Math.fround(acc + wav.samples[b + c]);
      y[i] = acc / nch;
    }
    channels = [y];
  } else {
    channels = Array.from({ length: nch }, (_, c) => {
      const ch = new Float32Array(frames);
      for (let i = 0; i < frames; i++) ch[i] = wav.samples[i * nch + c];
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
    warnings: wav.warnings,
    source,
  };
}
