/**
 * Private: the server section of `deno task bench` — `deno task serve` on loopback under 64 concurrent clients for
 * a bounded time, then again with 10 % hostile bodies, beside predict's batch throughput on the same clip and cores.
 *
 * @module
 */
import { type ServeProcess, startServeProcess } from "../tests/support/serve_process.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initBackend } from "$lib/model/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import { benchArtifacts, type BenchContext, FIXTURES, quantile, rssSampler, versus } from "./_measure.ts";

/** The seed's stack on the same kind of machine and clip, as the issue reports it (not measured in this run). */
const FLASK_REFERENCE = "Flask + gunicorn (2 workers), librosa + Keras: p50 96 ms at concurrency 1; 15.2 req/s, " +
  "p50 1,048 ms at concurrency 16 (measured elsewhere, quoted for scale)";

interface LoadResult {
  requests: number;
  seconds: number;
  latencies: number[];
  /** Valid bodies that did not get 200. */
  errors: number;
  /** The first failure, for the report. */
  firstError: string | null;
  hostile: Record<string, number>;
}

/** A running `./ser serve` process (the one the tests use), as the bench sections call it. */
export async function startChild(artifacts: string): Promise<ServeProcess> {
  return await startServeProcess(["--artifacts", artifacts]);
}

/** `clients` loops posting bodies until `seconds` pass; `hostileShare` of the bodies come from `hostile`. */
async function load(
  url: string,
  valid: Uint8Array,
  o: { clients: number; seconds: number; hostileShare?: number; hostile?: Uint8Array[]; maxRequests?: number },
): Promise<LoadResult> {
  const res: LoadResult = { requests: 0, seconds: 0, latencies: [], errors: 0, firstError: null, hostile: {} };
  const t0 = performance.now(), deadline = t0 + o.seconds * 1000;
  let n = 0, seed = 12345;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  await Promise.all(Array.from({ length: o.clients }, async () => {
    while (performance.now() < deadline && (o.maxRequests === undefined || n < o.maxRequests)) {
      n++;
      const bad = o.hostile && rand() < (o.hostileShare ?? 0) ? o.hostile[Math.floor(rand() * o.hostile.length)] : null;
      const s = performance.now();
      const r = await fetch(`${url}v1/predict`, {
        method: "POST",
        body: (bad ?? valid) as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "audio/wav" },
      }).catch((e) => {
        res.firstError ??= (e as Error).message;
        return null;
      });
      const text = r ? await r.text() : "";
      res.requests++;
      if (bad) {
        const key = r ? String(r.status) : "no answer";
        res.hostile[key] = (res.hostile[key] ?? 0) + 1;
        continue;
      }
      res.latencies.push(performance.now() - s);
      if (!r || r.status !== 200 || !text.includes('"emotion"')) {
        res.errors++;
        res.firstError ??= r ? `${r.status} ${text.slice(0, 200)}` : "no answer";
      }
    }
  }));
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

/** 64 clients × 20 s (defaults), a hostile pass, concurrency 1, and predict's batch rate on the same clip. */
export async function benchServe(ctx: BenchContext): Promise<void> {
  await initBackend();
  const art = await benchArtifacts(ctx);
  const clipPath = fileURLToPath(new URL("audio/speech_48000_s32.wav", FIXTURES));
  const clip = await Deno.readFile(clipPath);
  const badDir = new URL("bad/", FIXTURES);
  const hostile: Uint8Array[] = [];
  for await (const e of Deno.readDir(badDir)) hostile.push(await Deno.readFile(new URL(e.name, badDir)));
  console.log(`  model: ${art.note}; body: the 3 s 48 kHz fixture clip; loopback; the clients share the 2 cores`);
  const server = await startChild(art.dir);
  const rss = rssSampler(server.pid);
  try {
    const one = await load(server.url, clip, { clients: 1, seconds: 10, maxRequests: 200 });
    versus("concurrency 1: p50 latency, ms", quantile(one.latencies, 0.5), null, { unit: "ms", target: "≤ 25 ms" });
    const main = await load(server.url, clip, { clients: ctx.serveClients, seconds: ctx.serveSeconds });
    const rps = main.requests / main.seconds;
    const batch = await batchRate(art.dir, clip);
    console.log(
      `  ${ctx.serveClients} clients × ${ctx.serveSeconds} s: ${main.requests} requests, ${main.errors} errors`,
    );
    versus("throughput, requests/s", rps, { name: "predict batch (2 workers, same clip)", value: batch }, {
      unit: "req/s",
      better: "higher",
      target: "≥ 0.8× batch",
      digits: 1,
    });
    console.log(
      `  latency p50 ${quantile(main.latencies, 0.5).toFixed(0)} ms, p95 ${
        quantile(main.latencies, 0.95).toFixed(0)
      } ms, p99 ${quantile(main.latencies, 0.99).toFixed(0)} ms; errors ${main.errors} (must be 0)`,
    );
    const mixed = await load(server.url, clip, {
      clients: ctx.serveClients,
      seconds: ctx.serveSeconds,
      hostileShare: 0.1,
      hostile,
    });
    const hostileCount = Object.values(mixed.hostile).reduce((a, b) => a + b, 0);
    console.log(
      `  with 10 % hostile bodies (${hostile.length} fixtures of tests/fixtures/bad): ${mixed.requests} requests, ` +
        `${hostileCount} hostile answered ${JSON.stringify(mixed.hostile)}; valid ones: ${mixed.errors} errors ` +
        `(must be 0), p50 ${quantile(mixed.latencies, 0.5).toFixed(0)} ms, ${
          ((mixed.requests - hostileCount) / mixed.seconds).toFixed(1)
        } valid req/s`,
    );
    console.log(`  server peak RSS ${rss.peak()?.toFixed(0) ?? "?"} MB`);
    console.log(`  for scale: ${FLASK_REFERENCE}`);
  } finally {
    await rss.stop();
    const code = await server.stop();
    console.log(`  SIGTERM → exit ${code}`);
    if (art.temp) await Deno.remove(art.dir, { recursive: true });
  }
}

/** predict's batch throughput with 2 workers over 256 copies of the same clip (worker start-up included). */
async function batchRate(artifacts: string, clip: Uint8Array): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-serve-" });
  for (let i = 0; i < 256; i++) await Deno.writeFile(join(dir, `clip_${i}.wav`), clip);
  const predictor = await loadPredictor(artifacts);
  await predictor.predictBatch([dir], { workers: 2 });
  const s = performance.now();
  const rows = await predictor.predictBatch([dir], { workers: 2 });
  const rate = rows.length / ((performance.now() - s) / 1000);
  await Deno.remove(dir, { recursive: true });
  return rate;
}
