import { EMOTION_PROSODY, synthesizeSpeech } from "./synthesize_speech.ts";
import { voiceOf } from "./demo_corpus.ts";
import type { Emotion } from "./emotions.ts";
import { rngFor, uniform } from "../random.ts";
import { wavHeader16 } from "../audio/encode_wav.ts";

/** Options for {@linkcode writeDemoRecording}. */
export interface DemoRecordingOptions {
  /** Length in seconds. Default 60. */
  seconds?: number;
  /** Rate in Hz. Default 48000. */
  sampleRate?: number;
  /** Channels (the same voice on each, the right one 1 dB quieter). Default 1. */
  channels?: number;
  /** Seed. Default 42. */
  seed?: number;
  /**
   * A fixed script instead of random runs: each run's emotion and length in seconds, in order, all by one speaker
   * (utterances 0.4 s apart, no pauses between runs); `seconds` is then the script's total. Default: random runs.
   */
  script?: { emotion: Emotion; seconds: number }[];
}

/** What {@linkcode writeDemoRecording} wrote: where each run of one emotion is. */
export interface DemoRecording {
  path: string;
  seconds: number;
  /** Runs of clips of one emotion, in order. */
  runs: { start: number; end: number; emotion: Emotion }[];
}

/**
 * Write a long SYNTHETIC recording — runs of 3–6 demo-corpus utterances of one emotion (1.5–4 s each, 0.3–1.2 s
 * apart), separated by 2–6 s pauses, or the runs of `script` — as a 16-bit WAV, streamed to disk block by block so an hour-long file costs no
 * more memory than a minute. For trying and measuring timelines.
 *
 * @returns The file, its length and the runs' times.
 * @example
 * const rec = await writeDemoRecording("/tmp/call.wav", { seconds: 3600, channels: 2 });
 */
export async function writeDemoRecording(path: string, options: DemoRecordingOptions = {}): Promise<DemoRecording> {
  const { sampleRate: sr = 48000, channels = 1, seed = 42, script } = options;
  const seconds = script ? script.reduce((s, r) => s + r.seconds, 0) : options.seconds ?? 60;
  const total = Math.round(seconds * sr);
  const emotions = Object.keys(EMOTION_PROSODY) as Emotion[];
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const runs: DemoRecording["runs"] = [];
  try {
    await file.write(wavHeader16(sr, channels, total));
    const rng = rngFor(seed, "demo-recording");
    let written = 0;
    const emit = async (y: Float32Array) => {
      const n = Math.min(y.length, total - written);
      const out = new Uint8Array(n * channels * 2), dv = new DataView(out.buffer);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < channels; c++) {
          const x = Math.max(-1, Math.min(1, y[i] * (c === 1 ? 0.891 : 1))) * 32767;
          dv.setInt16(2 * (i * channels + c), x < 0 ? -Math.round(-x) : Math.round(x), true);
        }
      }
      for (let at = 0; at < out.length;) at += await file.write(out.subarray(at));
      written += n;
    };
    const silence = async (s: number) => {
      for (let left = Math.round(s * sr); left > 0 && written < total;) {
        const n = Math.min(left, sr);
        await emit(new Float32Array(n));
        left -= n;
      }
    };
    let k = 0;
    for (const run of script ?? []) {
      const voice = voiceOf(seed, "recording-speaker-0", "male");
      const start = written / sr, end = Math.min(total, Math.round((start + run.seconds) * sr));
      while (written < end) {
        await emit(
          synthesizeSpeech(run.emotion, voice, rngFor(seed, `recording-clip-${k++}`), {
            sampleRate: sr,
            duration: Math.min(uniform(rng, 1.5, 3), (end - written) / sr),
          }).subarray(0, end - written),
        );
        if (written < end) await emit(new Float32Array(Math.min(Math.round(0.4 * sr), end - written)));
      }
      runs.push({ start, end: written / sr, emotion: run.emotion });
    }
    while (written < total) {
      await silence(uniform(rng, 2, 6));
      const emotion = emotions[Math.floor(rng() * emotions.length)];
      const speaker = Math.floor(rng() * 6);
      const voice = voiceOf(seed, `recording-speaker-${speaker}`, speaker % 2 ? "female" : "male");
      const start = written / sr;
      const clips = 3 + Math.floor(rng() * 4);
      for (let c = 0; c < clips && written < total; c++, k++) {
        if (c > 0) await silence(uniform(rng, 0.3, 1.2));
        await emit(synthesizeSpeech(emotion, voice, rngFor(seed, `recording-clip-${k}`), {
          sampleRate: sr,
          duration: uniform(rng, 1.5, 4),
        }));
      }
      runs.push({ start, end: written / sr, emotion });
    }
  } finally {
    file.close();
  }
  return { path, seconds: total / sr, runs };
}
