/**
 * Typed errors raised by the audio stage.
 *
 * Every message names the file (or "<bytes>" for in-memory input), the offending value and what was expected,
 * so that a batch job can record it in a skip report verbatim.
 *
 * @module
 */

/** A WAV file could not be decoded: not RIFF/WAVE, an unsupported format, a broken header or no samples. */
export class AudioDecodeError extends Error {
  /** The file path, or `"<bytes>"` when decoding an in-memory buffer. */
  readonly source: string;
  constructor(source: string, reason: string, options?: ErrorOptions) {
    super(`${source}: ${reason}`, options);
    this.name = "AudioDecodeError";
    this.source = source;
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
