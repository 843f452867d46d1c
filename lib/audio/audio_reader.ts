import { type ByteSource, bytesSource, fileSource } from "./_byte_source.ts";
import { ffmpegStatus, openFfmpeg } from "./_ffmpeg.ts";
import { openSndfile, type SndfileHandle, sndfileStatus } from "./_sndfile_ffi.ts";
import { decodeWavSamples, describeMagic, parseWavLayout, type WavLayout } from "./decode_wav.ts";
import { type Container, type DecoderName, detectContainer, looksLikeText } from "./detect_container.ts";
import { AudioDecodeError } from "./errors.ts";

/** An open recording, read in blocks of frames so that memory does not grow with its length. */
export interface AudioReader {
  /** The path, or the name given for bytes (`"<bytes>"` by default). */
  readonly source: string;
  /** The container detected from the bytes, e.g. `WAV`, `FLAC`, `Ogg`, `MP3`, `MP4/M4A`. */
  readonly container: string;
  /** The decoder reading it. */
  readonly decoder: DecoderName;
  /** Native sampling rate in Hz. */
  readonly sampleRate: number;
  /** Interleaved channels per frame. */
  readonly channels: number;
  /** Frames the header declares, or `null` when unknown before decoding (ffmpeg). Decoding may yield fewer. */
  readonly frames: number | null;
  /** Tolerated problems, such as a WAV data chunk longer than the file. */
  readonly warnings: string[];
  /** Move to an absolute frame (from the start of the recording). */
  seek(frame: number): Promise<void>;
  /** Up to `maxFrames` frames, interleaved float32 in [−1, 1); an empty array at the end. */
  read(maxFrames: number): Promise<Float32Array>;
  /** Release the file, decoder handle or subprocess (idempotent). */
  close(): Promise<void>;
}

/** A reader whose decoder runs in-process (the WAV reader and libsndfile), with synchronous calls too. */
export interface SyncAudioReader extends AudioReader {
  seekSync(frame: number): void;
  readSync(maxFrames: number): Float32Array;
  closeSync(): void;
}

/** Options for {@linkcode openAudio}. */
export interface OpenAudioOptions {
  /** Name used in messages for bytes. Default `"<bytes>"`. */
  source?: string;
}

/** The decoders available in this process and their versions, for run records and model metadata. */
export interface AudioDecoders {
  /** This project's RIFF/RF64 reader (always available). */
  wav: string;
  /** libsndfile's version string, e.g. `libsndfile-1.2.0`, or null when it cannot be loaded. */
  libsndfile: string | null;
  /** ffmpeg's version, e.g. `5.1.9-0+deb12u1`, or null when it is not on PATH. */
  ffmpeg: string | null;
}

/**
 * Report which decoders this process can use.
 *
 * @example
 * const { libsndfile, ffmpeg } = await audioDecoders();
 */
export async function audioDecoders(): Promise<AudioDecoders> {
  const ff = await ffmpegStatus();
  return { wav: "TypeScript RIFF/RF64 reader", libsndfile: sndfileStatus().version, ffmpeg: ff.version };
}

const HEAD = 64;
const INSTALL_SNDFILE = "install libsndfile (Debian: apt-get install libsndfile1, macOS: brew install libsndfile)";
const INSTALL_FFMPEG = "install ffmpeg (Debian: apt-get install ffmpeg, macOS: brew install ffmpeg)";

function wavReader(src: ByteSource, layout: WavLayout, source: string, release: () => void): SyncAudioReader {
  let pos = 0, open = true;
  const { channels, format, blockAlign, dataStart, frames } = layout;
  const reader: SyncAudioReader = {
    source,
    container: "WAV",
    decoder: "wav",
    sampleRate: layout.sampleRate,
    channels,
    frames,
    warnings: layout.warnings,
    seekSync(frame) {
      pos = Math.min(Math.max(0, Math.trunc(frame)), frames);
    },
    readSync(maxFrames) {
      const n = Math.max(0, Math.min(Math.trunc(maxFrames), frames - pos));
      const out = new Float32Array(n * channels);
      if (n > 0) {
        const bytes = src.read(dataStart + pos * blockAlign, n * blockAlign);
        decodeWavSamples(bytes, format, n * channels, out);
        pos += n;
      }
      return out;
    },
    closeSync() {
      if (open) release();
      open = false;
    },
    ...asyncForms(() => reader),
  };
  return reader;
}

/** The promise-returning methods of a synchronous reader. */
function asyncForms(of: () => SyncAudioReader): Pick<AudioReader, "seek" | "read" | "close"> {
  return {
    seek: (frame) => Promise.resolve(of().seekSync(frame)),
    read: (maxFrames) => Promise.resolve(of().readSync(maxFrames)),
    close: () => Promise.resolve(of().closeSync()),
  };
}

function sndfileReader(h: SndfileHandle, source: string, container: string): SyncAudioReader {
  const { sampleRate, channels, frames } = h.info;
  let pos = 0;
  const reader: SyncAudioReader = {
    source,
    container: container === "unknown" ? `${h.info.container} ${h.info.subtype}` : container,
    decoder: "libsndfile",
    sampleRate,
    channels,
    frames,
    warnings: [],
    seekSync(frame) {
      const to = Math.max(0, Math.trunc(frame));
      if (to === pos) return;
      if (h.seek(Math.min(to, frames)) < 0) {
        throw new AudioDecodeError(source, `libsndfile cannot seek to frame ${to} of ${frames}`);
      }
      pos = Math.min(to, frames);
    },
    readSync(maxFrames) {
      const n = Math.max(0, Math.min(Math.trunc(maxFrames), frames - pos));
      if (n === 0) return new Float32Array(0);
      const out = new Float32Array(n * channels);
      let got: number;
      try {
        got = h.readf(out, n);
      } catch (e) {
        throw new AudioDecodeError(source, `libsndfile: ${(e as Error).message}`, { cause: e });
      }
      pos += got;
      return got === n ? out : out.slice(0, got * channels);
    },
    closeSync: () => h.close(),
    ...asyncForms(() => reader),
  };
  return reader;
}

/** Open with libsndfile, turning its refusal into an {@linkcode AudioDecodeError} that carries `sf_strerror`'s text. */
function openWithSndfile(input: string | Uint8Array, source: string, container: Container): SyncAudioReader {
  const s = sndfileStatus();
  if (!s.lib) {
    throw new AudioDecodeError(
      source,
      `${container.name} needs libsndfile, which could not be loaded: ${INSTALL_SNDFILE}`,
      {
        decoder: "libsndfile",
        detail: s.reason ?? "not found",
      },
    );
  }
  let h: SndfileHandle;
  try {
    h = openSndfile(s.lib, input);
  } catch (e) {
    const what = container.decoder === null ? "unrecognised audio format" : container.name;
    throw new AudioDecodeError(source, `${what}: libsndfile could not decode it (${(e as Error).message})`, {
      decoder: "libsndfile",
      detail: (e as Error).message,
      cause: e,
    });
  }
  if (!(h.info.sampleRate > 0) || !(h.info.channels > 0) || h.info.frames <= 0) {
    const { sampleRate, channels, frames } = h.info;
    h.close();
    throw new AudioDecodeError(
      source,
      `${container.name}: no audio frames (libsndfile reports ${frames} frames, ${channels} channels at ${sampleRate} Hz)`,
      { decoder: "libsndfile", detail: "no frames" },
    );
  }
  return sndfileReader(h, source, container.name);
}

async function openWithFfmpeg(input: string | Uint8Array, source: string, container: Container): Promise<AudioReader> {
  const ff = await ffmpegStatus();
  if (!ff.available) {
    const why = ff.denied
      ? "which this process may not start: run it with --allow-run (the project's tasks do)"
      : `which is not on PATH: ${INSTALL_FFMPEG}`;
    throw new AudioDecodeError(source, `${container.name} needs ffmpeg, ${why}`, {
      decoder: "ffmpeg",
      detail: ff.reason ?? "not found",
    });
  }
  let stream;
  try {
    stream = await openFfmpeg(input);
  } catch (e) {
    const what = container.decoder === null ? "unrecognised audio format" : container.name;
    throw new AudioDecodeError(source, `${what}: ffmpeg could not decode it (${(e as Error).message})`, {
      decoder: "ffmpeg",
      detail: (e as Error).message,
      cause: e,
    });
  }
  let pos = 0;
  const s = stream;
  return {
    source,
    container: container.name,
    decoder: "ffmpeg",
    sampleRate: s.sampleRate,
    channels: s.channels,
    frames: null,
    warnings: [],
    async seek(frame) {
      // A pipe cannot seek: decode and drop what lies before the frame (forward only).
      const to = Math.max(0, Math.trunc(frame));
      if (to < pos) throw new AudioDecodeError(source, `cannot seek backwards in an ffmpeg stream (${pos} → ${to})`);
      while (pos < to) {
        const got = (await s.read(Math.min(65536, to - pos))).length / s.channels;
        if (got === 0) break;
        pos += got;
      }
    },
    async read(maxFrames) {
      try {
        const out = await s.read(Math.max(0, Math.trunc(maxFrames)));
        pos += out.length / s.channels;
        return out;
      } catch (e) {
        throw new AudioDecodeError(source, `${container.name}: ${(e as Error).message}`, {
          decoder: "ffmpeg",
          cause: e,
        });
      }
    },
    close: () => s.close(),
  };
}

/** The first bytes of a file, for detection. */
function headOf(src: ByteSource): Uint8Array {
  return src.read(0, HEAD).slice();
}

/**
 * Open WAV (this project's reader) and every libsndfile container synchronously; shared by both entry points.
 * Returns `null` for containers only ffmpeg reads (and for unrecognised bytes libsndfile rejects, with its error).
 */
function openInProcess(
  input: string | Uint8Array,
  src: ByteSource,
  source: string,
  release: () => void,
): { reader: SyncAudioReader } | { container: Container; head: Uint8Array; sndfileError: AudioDecodeError | null } {
  if (src.size === 0) {
    release();
    throw new AudioDecodeError(source, "empty file (0 bytes)");
  }
  const head = headOf(src);
  const container = detectContainer(head);
  if (container.decoder === "wav") {
    let layout: WavLayout;
    try {
      layout = parseWavLayout(src, source);
    } catch (e) {
      release();
      // A well-formed RIFF file in an encoding this reader lacks (A-law, µ-law, ADPCM, 12-bit PCM, …) is
      // libsndfile's to read, as for librosa; if libsndfile cannot either, the reader's own reason stands.
      if (e instanceof AudioDecodeError && /unsupported/.test(e.message) && sndfileStatus().lib) {
        try {
          const r = openWithSndfile(input, source, container);
          r.warnings.push(`${e.reason}: read by libsndfile instead`);
          return { reader: r };
        } catch (e2) {
          throw new AudioDecodeError(
            source,
            `${clause(e.reason)}; libsndfile could not read it either (${clause((e2 as AudioDecodeError).detail)})`,
            {
              decoder: "wav",
              cause: e,
            },
          );
        }
      }
      throw e;
    }
    return { reader: wavReader(src, layout, source, release) };
  }
  release();
  if (container.decoder === "libsndfile") return { reader: openWithSndfile(input, source, container) };
  if (container.decoder === null) {
    if (looksLikeText(head)) {
      throw new AudioDecodeError(source, `a text file, not audio (first bytes ${describeMagic(head)})`);
    }
    try {
      return { reader: openWithSndfile(input, source, container) };
    } catch (e) {
      return { container, head, sndfileError: e as AudioDecodeError };
    }
  }
  return { container, head, sndfileError: null };
}

/** Open a path as a byte source (file handle + size). */
function openFile(path: string): { src: ByteSource; release: () => void } {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (e) {
    throw new AudioDecodeError(path, `cannot read file (${(e as Error).message})`, { cause: e });
  }
  try {
    const st = file.statSync();
    if (!st.isFile) throw new Error("not a regular file");
    let open = true;
    return {
      src: fileSource(file, st.size),
      release: () => {
        if (open) file.close();
        open = false;
      },
    };
  } catch (e) {
    file.close();
    throw new AudioDecodeError(path, `cannot read file (${(e as Error).message})`, { cause: e });
  }
}

/** A decoder's message as a clause of ours: without the trailing full stop or semicolon it may end with. */
function clause(message: string): string {
  return message.trim().replace(/[\s.;:]+$/, "");
}

/**
 * Open a recording for block-wise reading, choosing the decoder from its first bytes, never from its name:
 * RIFF/RF64 WAV → this project's reader; FLAC, Ogg Vorbis/Opus, MP3, AIFF, CAF, W64, AU, … → libsndfile (as
 * python-soundfile, librosa's first choice); MP4/M4A, WebM and whatever libsndfile rejects → ffmpeg (as librosa's
 * audioread fallback), when it is on PATH. Bytes are decoded in memory (libsndfile's virtual I/O, ffmpeg's stdin).
 *
 * @param input A path, or the file's bytes.
 * @param options.source Name for messages when `input` is bytes. Default `"<bytes>"`.
 * @returns A reader; close it when done.
 * @throws {AudioDecodeError} If the file cannot be read, is empty, is text, or no decoder accepts it; the message names
 *   the file, the container and the decoder's own reason (libsndfile's `sf_strerror`, ffmpeg's error line).
 * @example
 * const r = await openAudio("interview.flac");
 * try { for (let b = await r.read(48000); b.length; b = await r.read(48000)) use(b); } finally { await r.close(); }
 */
export async function openAudio(input: string | Uint8Array, options: OpenAudioOptions = {}): Promise<AudioReader> {
  const source = typeof input === "string" ? input : options.source ?? "<bytes>";
  const { src, release } = typeof input === "string" ? openFile(input) : { src: bytesSource(input), release: () => {} };
  const r = openInProcess(input, src, source, release);
  if ("reader" in r) return r.reader;
  try {
    return await openWithFfmpeg(input, source, r.container);
  } catch (e) {
    if (r.sndfileError && e instanceof AudioDecodeError) {
      throw new AudioDecodeError(
        source,
        `unrecognised audio format (first bytes ${describeMagic(r.head)}): libsndfile: ${
          clause(r.sndfileError.detail)
        }; ffmpeg: ${clause(e.detail)}`,
        { cause: e },
      );
    }
    throw e;
  }
}

/**
 * Synchronous {@linkcode openAudio} for the decoders that run in-process (WAV and libsndfile's containers).
 *
 * @throws {AudioDecodeError} As {@linkcode openAudio}, and for containers that only ffmpeg reads (use `openAudio`).
 */
export function openAudioSync(input: string | Uint8Array, options: OpenAudioOptions = {}): SyncAudioReader {
  const source = typeof input === "string" ? input : options.source ?? "<bytes>";
  const { src, release } = typeof input === "string" ? openFile(input) : { src: bytesSource(input), release: () => {} };
  const r = openInProcess(input, src, source, release);
  if ("reader" in r) return r.reader;
  if (r.sndfileError) throw r.sndfileError;
  throw new AudioDecodeError(
    source,
    `${r.container.name} is decoded by ffmpeg, which runs as a subprocess: use the asynchronous loadAudio()/openAudio()`,
    { decoder: "ffmpeg" },
  );
}
