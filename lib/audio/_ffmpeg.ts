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
  const fromPath = typeof input === "string";
  const child = new Deno.Command("ffmpeg", {
    args: [
      ...(fromPath ? ["-nostdin"] : []),
      "-hide_banner",
      "-loglevel",
      "error",
      "-i",
      fromPath ? input : "pipe:0",
      "-vn",
      "-f",
      "wav",
      "-c:a",
      "pcm_s16le",
      "-",
    ],
    stdin: fromPath ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let writing: Promise<void> = Promise.resolve();
  if (!fromPath) {
    const writer = child.stdin.getWriter();
    // ffmpeg may stop reading early (an error, or we closed it): a broken pipe is not an error here.
    writing = writer.write(input).then(() => writer.close()).catch(() => {});
  }
  const errText = new Response(child.stderr).text().catch(() => "");
  const reader = child.stdout.getReader();
  const chunks: Uint8Array[] = [];
  let buffered = 0, ended = false, closed = false;
  /** Pull from stdout until at least `n` bytes are buffered or the stream ends. */
  const fill = async (n: number) => {
    while (buffered < n && !ended) {
      const r = await reader.read();
      if (r.done) ended = true;
      else {
        chunks.push(r.value);
        buffered += r.value.length;
      }
    }
  };
  /** Take exactly `n` bytes (or what is left) from the front of the buffer. */
  const take = (n: number): Uint8Array => {
    const out = new Uint8Array(Math.min(n, buffered));
    let at = 0;
    while (at < out.length) {
      const c = chunks[0];
      const k = Math.min(c.length, out.length - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) chunks.shift();
      else chunks[0] = c.subarray(k);
    }
    buffered -= out.length;
    return out;
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await reader.cancel().catch(() => {});
    await Promise.all([child.status, writing, errText]);
  };
  const fail = async (what: string): Promise<never> => {
    await close();
    const lines = (await errText).trim().split("\n").filter((l) => l.trim());
    throw new Error(lines.length ? `${what}: ${lines[lines.length - 1].trim()}` : what);
  };
  // The WAV header: RIFF, WAVE, then chunks up to "data" (whose size is unknown on a pipe).
  await fill(12);
  const head = take(12);
  if (head.length < 12 || String.fromCharCode(...head.subarray(0, 4)) !== "RIFF") {
    return await fail("ffmpeg decoded no audio");
  }
  let sampleRate = 0, channels = 0;
  for (;;) {
    await fill(8);
    const h = take(8);
    if (h.length < 8) return await fail("ffmpeg's output ended before its data chunk");
    const id = String.fromCharCode(...h.subarray(0, 4));
    const size = new DataView(h.buffer).getUint32(4, true);
    if (id === "data") break;
    await fill(size + (size & 1));
    const body = take(size + (size & 1));
    if (id === "fmt " && body.length >= 16) {
      const v = new DataView(body.buffer);
      channels = v.getUint16(2, true);
      sampleRate = v.getUint32(4, true);
    }
  }
  if (!(sampleRate > 0 && channels > 0)) return await fail("ffmpeg's output has no usable fmt chunk");
  const frameBytes = 2 * channels;
  let framesRead = 0;
  return {
    sampleRate,
    channels,
    async read(frames) {
      if (closed) return new Float32Array(0);
      await fill(frames * frameBytes);
      const bytes = take(Math.floor(Math.min(buffered, frames * frameBytes) / frameBytes) * frameBytes);
      if (bytes.length === 0 && ended && framesRead === 0) return await fail("ffmpeg decoded no audio");
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out = new Float32Array(bytes.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = v.getInt16(2 * i, true) / 32768;
      framesRead += out.length / channels;
      return out;
    },
    close,
  };
}
