/**
 * Private: the live-stream section of `deno task bench` — the recommended model behind `deno task serve`, a recording
 * streamed over `/v1/stream` at real-time pace in 0.1 s blocks: the server's analysis time per window, the end-to-end
 * latency (the block that completes a window sent → its message received) and the live path's speed as a multiple of
 * real time, beside `POST /v1/predict` of a 3 s clip on the same server.
 *
 * @module
 */
import { encodeWav, loadAudio } from "$lib/audio/mod.ts";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { benchClips, type BenchContext, familyArtifacts, quantile, versus } from "./_measure.ts";
import { startChild } from "./_serve_bench.ts";

const RATE = 16000, BLOCK = 1600, HOP = 0.5;

/** About `seconds` of 16 kHz speech: real clips back to back when there are some, else a demo recording. */
async function speech(ctx: BenchContext, seconds: number): Promise<{ y: Float32Array; what: string }> {
  if (ctx.real) {
    const { files } = await benchClips(ctx, Math.ceil(seconds / 3));
    const parts = await Promise.all(files.map(async (f) => (await loadAudio(f, { sampleRate: RATE })).y));
    const y = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (y.set(p, at), at + p.length), 0);
    return { y, what: `${files.length} real clips back to back (${(y.length / RATE).toFixed(1)} s)` };
  }
  const path = await Deno.makeTempFile({ suffix: ".wav" });
  await writeDemoRecording(path, { seconds, sampleRate: RATE, seed: 3 });
  const { y } = await loadAudio(path, { sampleRate: RATE });
  await Deno.remove(path);
  return { y, what: `a ${seconds} s SYNTHETIC demo recording (--real DIR for speech)` };
}

interface StreamRun {
  analysis: number[];
  endToEnd: number[];
  windows: number;
  voiced: number;
  dropped: number;
}

/** Stream `y` at real-time pace; collect every window message's timings. */
async function streamOnce(base: string, y: Float32Array): Promise<StreamRun> {
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const run: StreamRun = { analysis: [], endToEnd: [], windows: 0, voiced: 0, dropped: 0 };
  const sentAt: number[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((res) => (ready = res));
  const closed = new Promise<void>((res) => (ws.onclose = () => res()));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data as string);
    if (m.type === "ready") return ready();
    if (m.type === "dropped") return void run.dropped++;
    if (m.type !== "window") return;
    run.windows++;
    if (!m.voiced) return;
    run.voiced++;
    if (typeof m.latency_ms === "number") run.analysis.push(m.latency_ms);
    const block = Math.ceil((m.end * RATE) / BLOCK) - 1;
    if (sentAt[block] !== undefined) run.endToEnd.push(performance.now() - sentAt[block]);
  };
  await new Promise((res) => (ws.onopen = res));
  ws.send(JSON.stringify({ type: "start", sample_rate: RATE, format: "s16le", window: 3, hop: HOP }));
  await isReady;
  const t0 = performance.now();
  for (let i = 0; i * BLOCK < y.length; i++) {
    const wait = t0 + (i * BLOCK * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    const block = y.subarray(i * BLOCK, (i + 1) * BLOCK);
    const pcm = Int16Array.from(block, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
    sentAt[i] = performance.now();
    ws.send(pcm.buffer);
  }
  await new Promise((res) => setTimeout(res, 1500));
  ws.close(1000, "done");
  await closed;
  return run;
}

/** Median latency of `POST /v1/predict` for one 3 s clip (after a warm-up). */
async function clipLatency(base: string, wav: Uint8Array, n = 20): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const s = performance.now();
    const r = await fetch(`${base}v1/predict`, {
      method: "POST",
      body: wav as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "audio/wav" },
    });
    await r.text();
    if (i >= 3) t.push(performance.now() - s);
  }
  return quantile(t, 0.5);
}

/** The live stream of the recommended model on a running server. */
export async function benchStream(ctx: BenchContext): Promise<void> {
  const art = await familyArtifacts(ctx);
  const audio = await speech(ctx, 20);
  console.log(`  model: ${art.note}; audio: ${audio.what}; window 3 s, hop ${HOP} s, 16 kHz s16le in 0.1 s blocks`);
  const server = await startChild(art.dir);
  try {
    const run = await streamOnce(server.url, audio.y);
    const clip = await clipLatency(server.url, encodeWav(audio.y.subarray(0, 3 * RATE), RATE));
    const p50 = quantile(run.analysis, 0.5);
    ctx.shared.streamWindowMs = p50;
    versus("stream: analysis per voiced window, p50, ms", p50, { name: "POST /v1/predict of 3 s", value: clip }, {
      unit: "ms",
      digits: 0,
    });
    console.log(
      `    p95 ${quantile(run.analysis, 0.95).toFixed(0)} ms; ${run.windows} windows (${run.voiced} voiced), ` +
        `${run.dropped} dropped (must be 0 at real-time pace)`,
    );
    versus("stream: end-to-end latency p50, ms", quantile(run.endToEnd, 0.5), null, {
      unit: "ms",
      digits: 0,
      target: `≤ ${HOP * 1000} ms (before the next window)`,
    });
    console.log(`    p95 ${quantile(run.endToEnd, 0.95).toFixed(0)} ms (block sent → window message received)`);
    versus("stream: × real time (hop / analysis p50)", (HOP * 1000) / p50, null, {
      unit: "×",
      digits: 1,
      better: "higher",
      target: "≥ 1× per stream on one core",
    });
  } finally {
    await server.stop();
    if (art.temp) await Deno.remove(art.dir, { recursive: true });
  }
}
