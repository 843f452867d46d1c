/// <reference lib="dom" />
/**
 * The on-device page's engine (bundled to `engine_local.js`), the same `Engine` (`lib/page/engine.ts`) as the server's
 * (`lib/page/engine_server.ts`): files are decoded by the browser at their own rate and resampled as `predict`
 * resamples (this project's resampler standing in for libsoxr), and the
 * model, features and live analysis run in a worker. No audio and no result leaves the device.
 *
 * @module
 */

import { sniffSampleRate } from "../audio/sniff_sample_rate.ts";
import type { Engine, FileResult, LiveOptions, LiveSession, ModelInfo } from "../page/engine.ts";
import type { LiveMessage } from "../segment/live_messages.ts";

const worker = new Worker(new URL("./site_worker.js", import.meta.url), { type: "module" });
let nextId = 1;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let liveHandler: ((m: LiveMessage) => void) | null = null;

worker.onmessage = (e: MessageEvent) => {
  const d = e.data;
  if (d.kind === "live") return liveHandler?.(d.message);
  const w = waiting.get(d.id);
  waiting.delete(d.id);
  if (d.kind === "error") w?.reject(new Error(d.message));
  else w?.resolve(d.kind === "info" ? d.info : d.result);
};

function ask(message: Record<string, unknown>, transfer: Transferable[] = []): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ ...message, id }, transfer);
  });
}

/** Seconds of each file the model reads (with a margin for the resampler), from the model info. */
let readSeconds = 20;

/** Model info: classes, colours, modes, gender, and a synthetic warning. */
export async function info(): Promise<ModelInfo> {
  const i = await ask({ kind: "info" }) as ModelInfo;
  readSeconds = Number(i.read_seconds ?? 20) + 0.1;
  return i;
}

/**
 * A file decoded by the browser at its own sample rate (read from its header; 48 kHz when the header says nothing
 * this page reads), mixed to mono (the float32 mean of its channels), cut to what the model reads. The worker then
 * resamples it to the model's rate with this project's resampler, as `predict` does with libsoxr.
 */
async function decode(file: File): Promise<{ samples: Float32Array; rate: number }> {
  const bytes = await file.arrayBuffer();
  const rate = sniffSampleRate(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 1 << 16))) ?? 48000;
  const ctx = new OfflineAudioContext(1, 1, Math.min(384000, Math.max(3000, rate)));
  const buffer = await ctx.decodeAudioData(bytes);
  const y = new Float32Array(Math.min(buffer.length, Math.ceil(readSeconds * buffer.sampleRate)));
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const ch = buffer.getChannelData(c);
    for (let i = 0; i < y.length; i++) y[i] += ch[i];
  }
  if (buffer.numberOfChannels > 1) { for (let i = 0; i < y.length; i++) y[i] /= buffer.numberOfChannels; }
  return { samples: y, rate: buffer.sampleRate };
}

/** One file's prediction (or `{ error: { code, message } }`). */
export async function predictFile(file: File, enrolment: unknown | null): Promise<FileResult> {
  let d: { samples: Float32Array; rate: number };
  try {
    d = await decode(file);
  } catch (e) {
    const message = `${file.name}: the browser could not decode it (${(e as Error).message})`;
    return { error: { code: "undecodable", message } };
  }
  if (d.samples.length < 0.25 * d.rate) {
    return { error: { code: "too_short", message: `${file.name}: shorter than the 0.25 s needed` } };
  }
  const message = { kind: "clip", samples: d.samples, rate: d.rate, enrolment };
  return await ask(message, [d.samples.buffer as ArrayBuffer]) as FileResult;
}

/** A live session (16-bit mono PCM pushed at `sampleRate`), answered with the server stream's messages. */
export function live(o: LiveOptions): LiveSession {
  liveHandler = (m) => {
    o.onMessage(m);
    if (m.type === "enrolment") o.onClose(1000, "enrolled");
  };
  worker.postMessage({ kind: "live", sampleRate: o.sampleRate, purpose: o.purpose, enrolment: o.enrolment });
  return {
    push: (pcm: ArrayBuffer) => worker.postMessage({ kind: "pcm", pcm }, [pcm]),
    stop: () => {
      // After stop, only the drained answer is passed on, as the server's engine does.
      liveHandler = (m) => m.type === "drained" && o.onMessage(m);
      worker.postMessage({ kind: "stop" });
    },
  };
}

/** This module is an `Engine`: the page imports it as one. */
export const engine: Engine = { info, predictFile, live };
