/**
 * Typed errors raised by the audio stage.
 *
 * Every message names the file (or "<bytes>" for in-memory input), the offending value and what was expected,
 * so that a batch job can record it in a skip report verbatim.
 *
 * @module
 */

/** Which decoder refused a file, and its own words (libsndfile's `sf_strerror`, ffmpeg's error line). */
export interface AudioDecodeErrorOptions extends ErrorOptions {
  /** `wav` (this project's reader), `libsndfile` or `ffmpeg`. */
  decoder?: "wav" | "libsndfile" | "ffmpeg";
  /** The decoder's message, verbatim. */
  detail?: string;
}

/**
 * A file could not be decoded: unreadable, empty, text, an unknown or unsupported format, a broken header, no samples,
 * or a decoder that is not installed.
 */
export class AudioDecodeError extends Error {
  /** The file path, or `"<bytes>"` when decoding an in-memory buffer. */
  readonly source: string;
  /** The reason, without the source prefix. */
  readonly reason: string;
  /** The decoder whose refusal this is, when one was involved. */
  readonly decoder: "wav" | "libsndfile" | "ffmpeg" | undefined;
  /** The decoder's own message (for example libsndfile's `Format not recognised.`), or the reason. */
  readonly detail: string;
  constructor(source: string, reason: string, options: AudioDecodeErrorOptions = {}) {
    super(`${source}: ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AudioDecodeError";
    this.source = source;
    this.reason = reason;
    this.decoder = options.decoder;
    this.detail = options.detail ?? reason;
  }
}

/** Decoded audio is not valid for analysis, as librosa's `util.valid_audio`: NaN or infinite samples. */
export class AudioValueError extends Error {
  /** The file path, or `"<bytes>"`/`"<samples>"` for in-memory input. */
  readonly source: string;
  constructor(source: string, reason: string, options?: ErrorOptions) {
    super(`${source}: ${reason}`, options);
    this.name = "AudioValueError";
    this.source = source;
  }
}
