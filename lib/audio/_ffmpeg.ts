/**
 * Private: ffmpeg as a subprocess, the way librosa's audioread fallback uses it for containers libsndfile cannot read
 * (MP4/M4A with AAC, WebM/Matroska, …): decoded at the native rate and channel count to 16-bit PCM, then scaled by
 * 1/32768.
 *
 * audioread runs `ffmpeg -i FILE -f s16le -` and learns the rate and channels from ffmpeg's log. Here ffmpeg writes
 * the same pcm_s16le samples inside a WAV stream header (`-f wav -c:a pcm_s16le`), so rate and channels come from the
 * stream itself (the samples are byte-identical to `-f s16le`). Bytes are piped to ffmpeg's stdin; nothing is written
 * to disk. The output is read incrementally, so memory does not grow with the length of the recording.
 *
 * @module
 */

/** ffmpeg on PATH, once per process. */
export interface FfmpegStatus {
  available: boolean;
  /** True when ffmpeg could not be started because the process has no permission to run subprocesses. */
  denied?: boolean;
  /** e.g. `5.1.9-0+deb12u1`. */
  version: string | null;
  reason: string | null;
}

let status: Promise<FfmpegStatus> | undefined;

/** Look for `ffmpeg` on PATH and read its version (cached). Never throws. */
export function ffmpegStatus(): Promise<FfmpegStatus> {
  status ??= (async () => {
    try {
      const out = await new Deno.Command("ffmpeg", { args: ["-version"], stdout: "piped", stderr: "null" }).output();
      const line = new TextDecoder().decode(out.stdout).split("\n")[0];
      const version = /ffmpeg version (\S+)/.exec(line)?.[1] ?? null;
      return out.success
        ? { available: true, version, reason: null }
        : { available: false, version: null, reason: `ffmpeg -version exited with ${out.code}` };
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        return { available: false, denied: true, version: null, reason: (e as Error).message };
      }
      return { available: false, version: null, reason: `ffmpeg is not on PATH (${(e as Error).message})` };
    }
  })();
  return status;
}

/** A running ffmpeg decode. */
export interface FfmpegStream {
  sampleRate: number;
  channels: number;
  /** Read up to `frames` frames as interleaved float32 (an empty array at the end). */
  read(frames: number): Promise<Float32Array>;
  /** Stop ffmpeg (if still running) and release its pipes. */
  close(): Promise<void>;
}

/**
 * Start ffmpeg on a path or on bytes (through stdin) and read the WAV stream header it writes.
 *
 * @throws {Error} With ffmpeg's own error line (for example `Invalid data found when processing input`) when it
 *   produces no audio.
 */
export async function openFfmpeg(input: string | Uint8Array): Promise<FfmpegStream> {
  const { child, writing } = spawnFfmpeg(input);
  const errText = new Response(child.stderr).text().catch(() => "");
  const bytes = new ByteQueue(child.stdout.getReader());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await bytes.cancel();
    await Promise.all([child.status, writing, errText]);
  };
  const fail = async (what: string): Promise<never> => {
    await close();
    const lines = (await errText).trim().split("\n").filter((l) => l.trim());
    throw new Error(lines.length ? `${what}: ${lines[lines.length - 1].trim()}` : what);
  };
  const format = await readWavHeader(bytes);
  if (typeof format === "string") return await fail(format);
  const { sampleRate, channels } = format;
  const frameBytes = 2 * channels;
  let framesRead = 0;
  return {
    sampleRate,
    channels,
    async read(frames) {
      if (closed) return new Float32Array(0);
      await bytes.fill(frames * frameBytes);
      const got = bytes.take(Math.floor(Math.min(bytes.buffered, frames * frameBytes) / frameBytes) * frameBytes);
      if (got.length === 0 && bytes.ended && framesRead === 0) return await fail("ffmpeg decoded no audio");
      const v = new DataView(got.buffer, got.byteOffset, got.byteLength);
      const out = new Float32Array(got.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = v.getInt16(2 * i, true) / 32768;
      framesRead += out.length / channels;
      return out;
    },
    close,
  };
}

/** ffmpeg decoding a path or piped bytes to 16-bit WAV on stdout; `writing` settles when the bytes are written. */
function spawnFfmpeg(input: string | Uint8Array): { child: Deno.ChildProcess; writing: Promise<void> } {
  const fromPath = typeof input === "string";
  const child = new Deno.Command("ffmpeg", {
    args: [
      ...(fromPath ? ["-nostdin"] : []),
      ...["-hide_banner", "-loglevel", "error", "-i", fromPath ? input : "pipe:0"],
      ...["-vn", "-f", "wav", "-c:a", "pcm_s16le", "-"],
    ],
    stdin: fromPath ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (fromPath) return { child, writing: Promise.resolve() };
  const writer = child.stdin.getWriter();
  // ffmpeg may stop reading early (an error, or we closed it): a broken pipe is not an error here.
  return { child, writing: writer.write(input).then(() => writer.close()).catch(() => {}) };
}

/** The WAV header on a pipe: RIFF, WAVE, then chunks up to "data" (whose size is unknown). A string says what failed. */
async function readWavHeader(bytes: ByteQueue): Promise<{ sampleRate: number; channels: number } | string> {
  await bytes.fill(12);
  const head = bytes.take(12);
  if (head.length < 12 || String.fromCharCode(...head.subarray(0, 4)) !== "RIFF") return "ffmpeg decoded no audio";
  let sampleRate = 0, channels = 0;
  for (;;) {
    await bytes.fill(8);
    const h = bytes.take(8);
    if (h.length < 8) return "ffmpeg's output ended before its data chunk";
    const id = String.fromCharCode(...h.subarray(0, 4));
    const size = new DataView(h.buffer, h.byteOffset).getUint32(4, true);
    if (id === "data") break;
    await bytes.fill(size + (size & 1));
    const body = bytes.take(size + (size & 1));
    if (id === "fmt " && body.length >= 16) {
      const v = new DataView(body.buffer, body.byteOffset);
      channels = v.getUint16(2, true);
      sampleRate = v.getUint32(4, true);
    }
  }
  return sampleRate > 0 && channels > 0 ? { sampleRate, channels } : "ffmpeg's output has no usable fmt chunk";
}

/** A byte stream read in exact amounts: `fill(n)` buffers at least n bytes (or to the end), `take(n)` removes them. */
class ByteQueue {
  #chunks: Uint8Array[] = [];
  buffered = 0;
  ended = false;
  constructor(private reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.ended) {
      const r = await this.reader.read();
      if (r.done) this.ended = true;
      else {
        this.#chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.buffered));
    let at = 0;
    while (at < out.length) {
      const c = this.#chunks[0];
      const k = Math.min(c.length, out.length - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.#chunks.shift();
      else this.#chunks[0] = c.subarray(k);
    }
    this.buffered -= out.length;
    return out;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
