import assert from "node:assert/strict";
import { mulberry32 } from "$lib/random.ts";
import { fixture } from "./support/fixtures.ts";
import { type SmallRun, trainSmallDemoRun } from "./support/run_cli.ts";
import { type ServeProcess, startServeProcess } from "./support/serve_process.ts";

// A real `./ser serve` process (its RSS is measured from /proc) on a small demo model, started and stopped inside the
// test below (sanitizers on), one step per behaviour.
let server: ServeProcess;
let run: SmallRun;
let url = "", port = 0;
const log = () => server.log();

Deno.test("a real ./ser serve process under hostile clients: access, bodies, streams, fuzz", async (t) => {
  run = await trainSmallDemoRun({ limit: 120, epochs: 2, model: "original-mlp" }); // global only: the mode refusals
  server = await startServeProcess(["--artifacts", run.artifacts]);
  try {
    url = server.url;
    port = server.port;
    for (const step of STEPS) await t.step(step);
  } finally {
    await server.stop();
    await Deno.remove(run.tmp, { recursive: true });
  }
});

/** The steps, in order (each a `{ name, fn }`). */
const STEPS: Deno.TestStepDefinition[] = [];

/** The server's resident memory, MB. */
async function rssMb(): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${server.pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Send raw bytes over TCP and read the reply until the server closes or `ms` pass. */
async function raw(request: string | Uint8Array, ms = 3000): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const bytes = typeof request === "string" ? new TextEncoder().encode(request) : request;
  // Written while the reply is read: a server that refuses a huge body stops reading it.
  (async () => {
    for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at, at + 65536));
  })().catch(() => {});
  const chunks: Uint8Array[] = [];
  const deadline = setTimeout(() => conn.close(), ms);
  try {
    for (;;) {
      const buf = new Uint8Array(65536);
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.subarray(0, n));
      const text = new TextDecoder().decode(chunks.reduce((a, c) => new Uint8Array([...a, ...c]), new Uint8Array()));
      if (/\r\n\r\n/.test(text) && /content-length: (\d+)/i.test(text)) {
        const len = Number(/content-length: (\d+)/i.exec(text)![1]);
        if (text.length - text.indexOf("\r\n\r\n") - 4 >= len) break;
      }
    }
  } catch {
    /* closed by the deadline */
  } finally {
    clearTimeout(deadline);
    try {
      conn.close();
    } catch { /* already closed */ }
  }
  return new TextDecoder().decode(chunks.reduce((a, c) => new Uint8Array([...a, ...c]), new Uint8Array()));
}

const status = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
const healthy = async () => assert.equal((await fetch(`${url}healthz`)).status, 200, "the server answers after that");

/** Open a stream, send its start message and some audio; resolves with the close event and the messages. */
async function streamWith(start: Record<string, unknown>, frames: Uint8Array[] = []) {
  const ws = new WebSocket(`${url.replace("http", "ws")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const messages: Record<string, unknown>[] = [];
  ws.onmessage = (e) => messages.push(JSON.parse(e.data));
  const closed = new Promise<CloseEvent>((r) => (ws.onclose = r));
  await new Promise((r) => (ws.onopen = r));
  ws.send(JSON.stringify(start));
  for (const f of frames) {
    if (ws.readyState !== WebSocket.OPEN) break;
    ws.send(f);
    await new Promise((r) => setTimeout(r, 20));
  }
  // A stream still open is stopped: the server answers drained and closes (a refused one has closed already).
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "stop" }));
  const e = await closed;
  return { code: e.code, reason: e.reason, messages };
}

STEPS.push({
  name: "same-origin by default: another Origin is 403 (HTTP and WebSocket), another Host is 421",
  async fn() {
    const h = `Host: 127.0.0.1:${port}\r\n`;
    assert.equal(
      status(await raw(`GET /v1/model HTTP/1.1\r\n${h}Origin: http://evil.example\r\nConnection: close\r\n\r\n`)),
      403,
    );
    const upgrade = (origin: string) =>
      `GET /v1/stream HTTP/1.1\r\n${h}Origin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    assert.equal(status(await raw(upgrade("http://evil.example"), 1500)), 403);
    assert.equal(status(await raw(upgrade(`http://127.0.0.1:${port}`), 1500)), 101, "same origin upgrades");
    const rebind = await raw(`GET /v1/model HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`);
    assert.equal(status(rebind), 421);
    assert.match(rebind, /does not answer to the host/);
    assert.equal(
      status(await raw(`GET /healthz HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`)),
      200,
    );
    await healthy();
  },
});

STEPS.push({
  name: "slow, aborted, huge and chunked bodies get their own codes; none is a 500 and the log says what happened",
  async fn() {
    const h = `Host: 127.0.0.1:${port}\r\nContent-Type: audio/wav\r\n`;
    // Declared too large: refused before reading.
    assert.equal(status(await raw(`POST /v1/predict HTTP/1.1\r\n${h}Content-Length: 999999999\r\n\r\n`)), 413);
    // Chunked past the limit: cut off while streaming.
    const chunk = `100000\r\n${"x".repeat(0x100000)}\r\n`;
    const big = `POST /v1/predict HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\n${chunk.repeat(25)}0\r\n\r\n`;
    assert.equal(status(await raw(big, 10000)), 413);
    // A body that stops arriving, then the client goes away: no internal error.
    const before = log().length;
    await raw(`POST /v1/predict HTTP/1.1\r\n${h}Content-Length: 100000\r\n\r\n${"x".repeat(1000)}`, 300);
    // The server logs the abort when it notices it: wait for that line (bounded), not for a fixed time.
    await server.waitForLog(/client aborted POST \/v1\/predict/, { from: before, timeoutMs: 5000 });
    const lines = log().slice(before);
    assert.match(lines, /client aborted POST \/v1\/predict/);
    assert.doesNotMatch(lines, /internal error/);
    // Garbage instead of HTTP, and idle sockets: the server stays healthy.
    await raw(new Uint8Array(4096).map((_, i) => (i * 37) % 256), 500);
    const idle = await Promise.all(Array.from({ length: 50 }, () => Deno.connect({ hostname: "127.0.0.1", port })));
    await healthy();
    for (const c of idle) c.close();
    // Traversal.
    assert.equal(
      status(await raw(`GET /static/../../deno.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)),
      404,
    );
    await healthy();
  },
});

STEPS.push({
  name: "slow bodies time out with 408 (a server with a short request timeout)",
  async fn() {
    const { startServer } = await import("$lib/serve/mod.ts");
    const lines: string[] = [];
    const s = await startServer({
      artifactsDir: run.artifacts,
      port: 0,
      requestTimeoutMs: 400,
      log: (l) => lines.push(l),
    });
    await s.ready;
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await conn.write(new TextEncoder().encode(
      `POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: audio/wav\r\nContent-Length: 5000\r\n\r\nRIFF`,
    ));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    const reply = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    conn.close();
    assert.equal(status(reply), 408, reply);
    assert.match(reply, /body_timeout/);
    await s.shutdown();
  },
});

STEPS.push({
  name: "bounded streams: each bad start is refused with a close code and reason; hostile streams leave RSS < 400 MB",
  async fn(t) {
    const baseline = await rssMb();
    const refused = async (start: Record<string, unknown>, reason: RegExp) => {
      const r = await streamWith({ type: "start", ...start });
      assert.equal(r.code, 1008, JSON.stringify(start));
      assert.match(r.reason, reason);
    };
    await t.step("window, hop, rate, channels, format, mode", async () => {
      await refused({ sample_rate: 16000, window: 10000 }, /window must be in 1–10/);
      await refused({ sample_rate: 16000, window: 1e9 }, /window must be in 1–10/);
      await refused({ sample_rate: 16000, hop: 1 / 16000 }, /hop must be in 0.25–3/);
      await refused({ sample_rate: 96000 }, /sample_rate must be an integer in 8000–48000/);
      await refused({ sample_rate: 16000, channels: 2 }, /channels must be 1/);
      await refused({ sample_rate: 16000, format: "mp3" }, /format must be/);
      await refused({ sample_rate: 16000, mode: "enrolled" }, /mode must be one of global/);
      await refused({ sample_rate: 16000, enrolment: { type: "x" } }, /the enrolment is not one/);
    });
    await t.step("more streams than allowed: 503 at the upgrade, the first ones keep working", async () => {
      const open: WebSocket[] = [];
      for (let i = 0; i < 8; i++) {
        const ws = new WebSocket(`${url.replace("http", "ws")}v1/stream`);
        await new Promise((r) => (ws.onopen = r));
        ws.send(JSON.stringify({ type: "start", sample_rate: 48000, window: 10, hop: 0.25 }));
        open.push(ws);
      }
      const ninth = await raw(
        `GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        1500,
      );
      assert.equal(status(ninth), 503);
      assert.match(ninth, /too_many_streams/);
      // Eight streams at the largest window and smallest hop, fed 20 s of 48 kHz audio at real time's limit.
      const second = new Uint8Array(48000 * 2);
      for (let k = 0; k < 20; k++) {
        for (const ws of open) if (ws.readyState === WebSocket.OPEN) ws.send(second);
        await new Promise((r) => setTimeout(r, 260));
      }
      const peak = await rssMb();
      assert.ok(peak < 400, `RSS ${peak.toFixed(0)} MB under 8 hostile streams (baseline ${baseline.toFixed(0)} MB)`);
      assert.equal(
        (await fetch(`${url}v1/predict`, {
          method: "POST",
          body: await Deno.readFile(fixture("audio", "speech_16000_s16.wav")),
          headers: { "content-type": "audio/wav" },
        })).status,
        200,
        "normal requests keep succeeding",
      );
      for (const ws of open) ws.close(1000);
      console.log(`hostile streams: RSS baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`);
    });
  },
});

STEPS.push({
  name: "a seeded fuzz pass over start messages, audio frames and multipart bodies: 4xx or a close, never a 500",
  async fn() {
    const rng = mulberry32(20261204);
    const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];
    const values = [0, -1, 1, 3, 0.1, 1e9, NaN, null, "16000", "x", [], {}, true, 16000, 48000, 8000, 1e-9, 10, 2.5];
    const keys = [
      "sample_rate",
      "sampleRate",
      "format",
      "window",
      "hop",
      "channels",
      "mode",
      "purpose",
      "seconds",
      "enrolment",
    ];
    const baseline = await rssMb();
    for (let i = 0; i < 40; i++) {
      const start: Record<string, unknown> = { type: pick(["start", "start", "stop", "x", 5]) };
      for (const k of keys) if (rng() < 0.5) start[k] = pick(values);
      const frames = Array.from(
        { length: Math.floor(rng() * 4) },
        () => new Uint8Array(Math.floor(rng() * 3000)).map(() => Math.floor(rng() * 256)),
      );
      const r = await streamWith(start, frames);
      assert.ok(
        [1000, 1005, 1008, 1009].includes(r.code),
        `start ${JSON.stringify(start)}: close ${r.code} ${r.reason}`,
      );
      assert.ok(!r.messages.some((m) => (m.error as { code?: string })?.code === "internal"));
    }
    for (let i = 0; i < 40; i++) {
      const boundary = pick(["----WebKitFormBoundaryAbC", "x", "", "a".repeat(80), "--"]);
      const parts = Array.from(
        { length: Math.floor(rng() * 4) },
        (_, k) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${
            pick(["file", "enrolment", "x"])
          }"; filename="f${k}.wav"\r\n\r\n` +
          String.fromCharCode(...new Uint8Array(Math.floor(rng() * 600)).map(() => Math.floor(rng() * 256))) + "\r\n",
      );
      const body = parts.join("") + (rng() < 0.7 ? `--${boundary}--\r\n` : "");
      const r = await fetch(`${url}v1/predict`, {
        method: "POST",
        body,
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `multipart ${i}: ${r.status}`);
      const j = await r.json();
      if (r.status >= 400) assert.equal(typeof j.error.message, "string");
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = await rssMb();
    assert.ok(after < baseline + 80, `RSS back near its baseline: ${baseline.toFixed(0)} → ${after.toFixed(0)} MB`);
    await healthy();
    assert.doesNotMatch(log(), /internal error/);
  },
});
