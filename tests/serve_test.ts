import assert from "node:assert/strict";
import { decodeWav } from "$lib/audio/mod.ts";
import { FEATURE_SETS } from "$lib/features/feature_sets.ts";
import { DEFAULT_FAMILY } from "$lib/model/mod.ts";
import { startServer } from "$lib/serve/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { runCli, type SmallRun, trainSmallDemoRun } from "./support/run_cli.ts";
import { startServeProcess } from "./support/serve_process.ts";

// One server for the whole file, started and shut down inside the test below (sanitizers on), with one step per
// behaviour: `--filter` or an early failure cannot leave it running.
let run: SmallRun;
let url = "";
const lines: string[] = [];
const post = (body: BodyInit, type: string, path = "v1/predict") =>
  fetch(`${url}${path}`, { method: "POST", body, headers: { "content-type": type } });
const read = async (f: string) => await Deno.readFile(f);

Deno.test("the server: REST API, errors, access, limits, enrolment, the live stream and a graceful stop", async (t) => {
  // The default family, trained for every mode.
  run = await trainSmallDemoRun({ limit: 160, epochs: 4, modes: ["global", "enrolled", "transductive"] });
  const server = await startServer({
    artifactsDir: run.artifacts,
    port: 0,
    maxSeconds: 4,
    workers: 2,
    log: (l) => lines.push(l),
  });
  try {
    await server.ready;
    url = server.url;
    for (const step of STEPS) await t.step(step);
  } finally {
    await server.shutdown();
    await Deno.remove(run.tmp, { recursive: true });
  }
});

/** The steps, in order (each a `{ name, fn }`). */
const STEPS: Deno.TestStepDefinition[] = [];

STEPS.push({
  name: "POST /v1/predict gives the same numbers as deno task predict for the same files (WAV, FLAC, MP3, M4A)",
  async fn() {
    const files = [
      fixture("audio", "speech_22050_s16.wav"),
      fixture("formats", "speech_44100_s16.flac"),
      fixture("formats", "speech_44100.mp3"),
      fixture("formats", "speech_44100_aac.m4a"),
    ];
    const cli = await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", ...files]);
    assert.equal(cli.code, 0, cli.stderr);
    const expected = JSON.parse(cli.stdout) as { emotion: string; probabilities: Record<string, number> }[];
    for (const [i, f] of files.entries()) {
      const r = await post(await read(f), "application/octet-stream");
      assert.equal(r.status, 200);
      const body = await r.json();
      assert.equal(body.emotion, expected[i].emotion, f);
      assert.deepEqual(body.probabilities, expected[i].probabilities, f);
      assert.ok(body.duration_s > 2 && body.timing_ms.total >= 0);
    }
    // The same files as one multipart batch.
    const form = new FormData();
    for (const f of files) form.append("file", new Blob([await read(f)]), f.split("/").pop());
    const batch = await (await fetch(`${url}v1/predict`, { method: "POST", body: form })).json();
    assert.deepEqual(
      batch.results.map((r: { probabilities: unknown }) => r.probabilities),
      expected.map((e) => e.probabilities),
    );
  },
});

STEPS.push({
  name: "every error is a status and a JSON { error: { code, message } }, and the server keeps serving",
  async fn(t) {
    const expectError = async (r: Response, status: number, code: string, message?: RegExp) => {
      assert.equal(r.status, status);
      const body = await r.json();
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, "string");
      assert.doesNotMatch(body.error.message, /\n\s+at /, "no stack trace");
      if (message) assert.match(body.error.message, message);
    };
    await t.step("400 undecodable, naming the decoder's reason", async () => {
      await expectError(
        await post(await read(fixture("formats", "garbage.ogg")), "audio/ogg"),
        400,
        "undecodable",
        /Ogg: libsndfile could not decode it/,
      );
    });
    await t.step("413 by Content-Length, before reading", async () => {
      const big = new Uint8Array(21 * 1024 * 1024);
      await expectError(await post(big, "audio/wav"), 413, "too_large");
    });
    await t.step("413 while streaming a body with no length", async () => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent > 40 * 1024 * 1024) return c.close();
          sent += 1024 * 1024;
          c.enqueue(new Uint8Array(1024 * 1024));
        },
      });
      const r = await fetch(`${url}v1/predict`, {
        method: "POST",
        body: stream,
        headers: { "content-type": "audio/wav" },
      });
      await expectError(r, 413, "too_large");
      assert.ok(sent < 40 * 1024 * 1024, `the server stopped reading (read ${sent} bytes of 40 MiB)`);
    });
    await t.step("415 for other content types", async () => {
      await expectError(await post("hello", "text/plain"), 415, "unsupported_type", /text\/plain/);
    });
    await t.step("422 too short and too long", async () => {
      await expectError(
        await post(await read(fixture("audio", "tiny_22050_s16.wav")), "audio/wav"),
        422,
        "too_short",
        /shorter than the 0.25 s/,
      );
      await expectError(
        await post(await read(fixture("audio", "long_48000_s16.wav")), "audio/wav"),
        422,
        "too_long",
        /4\.5 s is longer than the 4 s allowed/,
      );
    });
    await t.step("every hostile WAV fixture gets a 4xx or a prediction, never a 5xx", async () => {
      for (const e of Deno.readDirSync(fixture("bad"))) {
        const r = await post(await read(fixture("bad", e.name)), "audio/wav");
        assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${e.name}: ${r.status}`);
        await r.body?.cancel();
      }
    });
    await t.step("truncated bodies: a cut header is 400, cut data reads what is there", async () => {
      const wav = await read(fixture("audio", "speech_22050_s16.wav"));
      await expectError(
        await post(wav.subarray(0, 30), "audio/wav"),
        400,
        "undecodable",
        /too short to be a WAV file|truncated/,
      );
      const r = await post(wav.subarray(0, 30000), "audio/wav");
      assert.equal(r.status, 200);
      assert.ok(Math.abs((await r.json()).duration_s - (30000 - 44) / 2 / 22050) < 0.01);
    });
    await t.step("400 for an empty body and a multipart body without files", async () => {
      await expectError(await post(new Uint8Array(0), "audio/wav"), 400, "empty_body");
      const form = new FormData();
      form.append("other", "x");
      await expectError(await fetch(`${url}v1/predict`, { method: "POST", body: form }), 400, "no_file");
    });
    await t.step("404, 405, 426", async () => {
      await expectError(await fetch(`${url}v2/nothing`), 404, "not_found");
      await expectError(await fetch(`${url}v1/predict`), 405, "method_not_allowed");
      await expectError(await fetch(`${url}v1/stream`), 426, "upgrade_required");
    });
    await t.step("after all that, it still predicts", async () => {
      assert.equal((await post(await read(fixture("audio", "speech_16000_s16.wav")), "audio/wav")).status, 200);
    });
  },
});

STEPS.push({
  name: "model info, health, readiness and the OpenAPI description",
  async fn() {
    const info = await (await fetch(`${url}v1/model`)).json();
    assert.deepEqual(info.classes, run.summary.classes);
    // The page colours each class as the charts do: angry is the charts' red.
    assert.deepEqual(Object.keys(info.colors), run.summary.classes);
    assert.equal(info.colors.angry, "#d62728");
    assert.equal(info.model_family, DEFAULT_FAMILY.name);
    assert.deepEqual(Object.keys(info.modes), ["global", "enrolled", "transductive"]);
    assert.deepEqual(info.feature_config, FEATURE_SETS[DEFAULT_FAMILY.featureSet].config);
    assert.equal(typeof info.metrics.test_accuracy, "number");
    assert.match(info.synthetic, /SYNTHETIC demo corpus/);
    // No server path anywhere, and one naming style for the limits.
    assert.doesNotMatch(JSON.stringify(info), new RegExp(run.tmp.replace(/[/\\]/g, ".")));
    assert.equal(info.limits.max_files_per_request, 16);
    assert.deepEqual(info.limits.stream.window_s, [1, 10]);
    for (const k of [...Object.keys(info.limits), ...Object.keys(info.limits.stream)]) assert.match(k, /^[a-z0-9_]+$/);
    assert.deepEqual(await (await fetch(`${url}healthz`)).json(), { status: "ok", requests_in_flight: 0 });
    assert.equal((await fetch(`${url}readyz`)).status, 200);
    const api = await (await fetch(`${url}openapi.json`)).json();
    assert.equal(api.openapi, "3.1.0");
    assert.deepEqual(Object.keys(api.paths).sort(), [
      "/healthz",
      "/readyz",
      "/v1/enrol",
      "/v1/model",
      "/v1/predict",
      "/v1/stream",
    ]);
    assert.ok(lines.some((l) => /^POST \/v1\/predict 200 [\d.]+ms$/.test(l)), "access lines");
    assert.ok(lines.some((l) => l.startsWith(`serve: listening on ${url}`)), "startup line");
  },
});

STEPS.push({
  name: "static files come from one folder with no traversal; CORS is off unless asked for",
  async fn() {
    for (const p of ["/", "/static/app.js", "/static/capture-worklet.js", "/static/style.css"]) {
      const r = await fetch(new URL(p, url));
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get("content-security-policy") ?? "", /default-src 'self'/);
      await r.body?.cancel();
    }
    for (
      const p of [
        "/static/../server.ts",
        "/static/%2e%2e/server.ts",
        "/static/",
        "/static/app.js/",
        "/static//etc/passwd",
        "/static/__proto__",
        "/static/constructor",
        "/../deno.json",
      ]
    ) {
      const r = await fetch(new URL(p, url).href.replace(/\/\.\.\//, "/../"));
      assert.equal(r.status, 404, p);
      await r.body?.cancel();
    }
    const r = await fetch(`${url}healthz`, { headers: { origin: "https://evil.example" } });
    assert.equal(r.headers.get("access-control-allow-origin"), null);
    await r.body?.cancel();
    const other = await startServer({
      artifactsDir: run.artifacts,
      port: 0,
      cors: "https://app.example",
      log: () => {},
    });
    await other.ready;
    const ok = await fetch(`${other.url}healthz`, { headers: { origin: "https://app.example" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
    await ok.body?.cancel();
    const pre = await fetch(`${other.url}v1/predict`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example" },
    });
    assert.equal(pre.status, 204);
    await other.shutdown();
  },
});

STEPS.push({
  name: "more files than a request may carry is 413 naming the limit; the decode cap is 503 with Retry-After",
  async fn() {
    const capped = await startServer({ artifactsDir: run.artifacts, port: 0, concurrency: 2, log: () => {} });
    await capped.ready;
    const form = async (n: number, name = "speech_44100_aac.m4a") => {
      const f = new FormData();
      const bytes = await read(fixture("formats", name));
      for (let i = 0; i < n; i++) f.append("file", new Blob([bytes]), `a${i}.m4a`);
      return f;
    };
    const many = await fetch(`${capped.url}v1/predict`, { method: "POST", body: await form(3) });
    assert.equal(many.status, 413);
    const body = await many.json();
    assert.equal(body.error.code, "too_many_files");
    assert.match(body.error.message, /3 files in one request: at most 2 per request/);
    // Two requests of two slow (ffmpeg) files at once: the second finds the cap full.
    const [a, b] = await Promise.all(
      [1, 2].map(async () => fetch(`${capped.url}v1/predict`, { method: "POST", body: await form(2) })),
    );
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 503]);
    const busy = a.status === 503 ? a : b;
    assert.equal(busy.headers.get("retry-after"), "1");
    assert.equal((await busy.json()).error.code, "busy");
    await (a.status === 503 ? b : a).body?.cancel();
    await capped.shutdown();
  },
});

STEPS.push({
  name: "refusals tell the truth: the real length when the decoder knows it, else only the limit; one message each",
  async fn() {
    const long = await Deno.makeTempFile({ suffix: ".m4a" });
    const ff = await new Deno.Command("ffmpeg", {
      args: ["-y", "-loglevel", "error", "-i", fixture("audio", "long_48000_s16.wav"), "-c:a", "aac", long],
    }).output();
    assert.equal(ff.code, 0);
    const m4a = await (await post(await read(long), "audio/mp4")).json();
    assert.equal(m4a.error.code, "too_long");
    assert.match(m4a.error.message, /longer than the 4 s allowed/);
    assert.doesNotMatch(m4a.error.message, /\d+\.\d s is longer/, "no length the decoder did not report");
    const w64 = await (await post(await read(fixture("formats", "long_48000_s16.w64")), "audio/x-w64")).json();
    assert.match(w64.error.message, /^upload: \d+\.\d s is longer than the 4 s allowed$|^\d+\.\d s is longer/);
    const garbage = await (await post(await read(fixture("formats", "garbage.ogg")), "audio/ogg")).json();
    assert.doesNotMatch(garbage.error.message, /[.;:]\s*[;.]/, "no doubled punctuation");
    await Deno.remove(long);
  },
});

STEPS.push({
  name: "POST /v1/enrol returns an enrolment the client keeps; predict and the stream take it back (enrolled mode)",
  async fn() {
    const speech = await read(fixture("audio", "speech_16000_s16.wav"));
    const r = await post(speech, "audio/wav", "v1/enrol");
    assert.equal(r.status, 200);
    const { enrolment, voiced_seconds } = await r.json();
    assert.equal(enrolment.type, "ser.enrolment");
    assert.equal(enrolment.dim, FEATURE_SETS[DEFAULT_FAMILY.featureSet].count);
    assert.ok(voiced_seconds > 0);
    // As a header on a raw body, and as a form field beside the files.
    const clip = await read(fixture("audio", "speech_22050_s16.wav"));
    const byHeader = await fetch(`${url}v1/predict`, {
      method: "POST",
      body: clip,
      headers: { "content-type": "audio/wav", "x-enrolment": JSON.stringify(enrolment) },
    });
    const h = await byHeader.json();
    assert.equal(h.mode, "enrolled", JSON.stringify(h));
    const form = new FormData();
    form.append("file", new Blob([clip]), "clip.wav");
    form.append("enrolment", JSON.stringify(enrolment));
    const byForm = (await (await fetch(`${url}v1/predict`, { method: "POST", body: form })).json()).results[0];
    assert.equal(byForm.mode, "enrolled");
    assert.deepEqual(byForm.probabilities, h.probabilities);
    const global = await (await post(clip, "audio/wav")).json();
    assert.equal(global.mode, "global");
    assert.notDeepEqual(global.probabilities, h.probabilities);
    // A tampered enrolment is refused, naming why.
    const bad = await fetch(`${url}v1/predict`, {
      method: "POST",
      body: clip,
      headers: { "content-type": "audio/wav", "x-enrolment": JSON.stringify({ ...enrolment, dim: 3 }) },
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, "bad_enrolment");
    // Noise is not a voice to enrol.
    const noise = await post(await read(fixture("audio", "noise_22050_s16.wav")), "audio/wav", "v1/enrol");
    assert.equal(noise.status, 400);
    assert.equal((await noise.json()).error.code, "no_speech");
    // The stream in the enrolled mode.
    const wav = decodeWav(speech);
    const pcm = Int16Array.from(wav.samples, (v) => Math.round(v * 32768));
    const msgs = await stream(pcm, 16000, { enrolment });
    assert.equal(msgs[0].mode, "enrolled");
    assert.ok(msgs.some((m) => m.type === "window" && m.voiced && m.mode === "enrolled"));
  },
});

/** Open the stream, send a 16 kHz s16 PCM file in 100 ms chunks at ~3× real time, and collect the messages. */
async function stream(pcm: Int16Array, rate: number, extra: Record<string, unknown> = {}) {
  const ws = new WebSocket(`${url.replace("http", "ws")}v1/stream`);
  ws.binaryType = "arraybuffer";
  const messages: Record<string, unknown>[] = [];
  const closed = new Promise<CloseEvent>((resolve) => (ws.onclose = resolve));
  ws.onmessage = (e) => messages.push(JSON.parse(e.data));
  await new Promise((resolve) => (ws.onopen = resolve));
  ws.send(JSON.stringify({ type: "start", sample_rate: rate, format: "s16le", ...extra }));
  const chunk = rate / 10;
  for (let at = 0; at < pcm.length; at += chunk) {
    ws.send(pcm.slice(at, at + chunk).buffer);
    await new Promise((r) => setTimeout(r, 33));
  }
  // Stop: the server answers drained once every window sent has been answered, then closes normally.
  ws.send(JSON.stringify({ type: "stop" }));
  const close = await closed;
  assert.equal(close.code, 1000, close.reason);
  const last = messages.at(-1)!;
  assert.equal(last.type, "drained", JSON.stringify(last));
  return messages.slice(0, -1);
}

STEPS.push({
  name:
    "the WebSocket stream answers each 3 s window (hop 0.5 s) of PCM sent in real-time-sized chunks, with its time range",
  async fn() {
    const wav = decodeWav(await read(fixture("audio", "speech_16000_s16.wav")));
    const pcm = Int16Array.from(wav.samples, (v) => Math.round(v * 32768));
    const msgs = await stream(pcm, 16000);
    assert.equal(msgs[0].type, "ready");
    assert.equal(msgs.filter((m) => m.type === "ready").length, 1, "one ready message");
    const seconds = pcm.length / 16000;
    const expected: [number, number][] = [];
    for (let s = 0; s + 3 <= seconds + 1e-9; s += 0.5) expected.push([s, s + 3]);
    const got = msgs.filter((m) => m.type === "window" || m.type === "dropped").map((m) => [m.start, m.end]);
    assert.deepEqual(got, expected);
    const windows = msgs.filter((m) => m.type === "window" && m.voiced);
    assert.ok(windows.length >= expected.length - 1, JSON.stringify(msgs));
    for (const w of windows) {
      // The shown label is smoothed (or uncertain); the window's own prediction is under raw.
      assert.ok([...run.summary.classes, "uncertain"].includes(w.emotion as string), String(w.emotion));
      const raw = w.raw as { emotion: string; probabilities: Record<string, number> };
      assert.ok(run.summary.classes.includes(raw.emotion));
      assert.equal(w.mode, "global", "a stream is never normalised by itself unless asked");
    }
    assert.equal((msgs.at(-1)!.gender as { windows: number } | null)?.windows ?? windows.length, windows.length);
  },
});

STEPS.push({
  name: "the stream closes on oversized messages, bad control messages and audio sent too fast",
  async fn(t) {
    const open = async () => {
      const ws = new WebSocket(`${url.replace("http", "ws")}v1/stream`);
      const closed = new Promise<CloseEvent>((resolve) => (ws.onclose = resolve));
      await new Promise((resolve) => (ws.onopen = resolve));
      return { ws, closed };
    };
    await t.step("audio before start: 1008", async () => {
      const { ws, closed } = await open();
      ws.send(new Uint8Array(100));
      assert.equal((await closed).code, 1008);
    });
    await t.step("a message over 256 KiB: 1009", async () => {
      const { ws, closed } = await open();
      ws.send(JSON.stringify({ type: "start", sample_rate: 16000 }));
      ws.send(new Uint8Array(300 * 1024));
      assert.equal((await closed).code, 1009);
    });
    await t.step("audio far faster than real time: 1008", async () => {
      const { ws, closed } = await open();
      ws.send(JSON.stringify({ type: "start", sampleRate: 8000 })); // the older spelling still works
      for (let i = 0; i < 40; i++) {
        ws.send(new Uint8Array(64000)); // 4 s of audio per message
        await new Promise((r) => setTimeout(r, 100));
        if (ws.readyState !== WebSocket.OPEN) break;
      }
      const e = await closed;
      assert.equal(e.code, 1008);
      assert.match(e.reason, /faster than 4× real time|messages per second/);
    });
    await t.step("a bad start message: 1008 with the reason", async () => {
      const { ws, closed } = await open();
      ws.send(JSON.stringify({ type: "start", sampleRate: 3 }));
      const e = await closed;
      assert.equal(e.code, 1008);
      assert.match(e.reason, /sample_rate must be an integer in 8000–48000 Hz: received 3/);
    });
  },
});

STEPS.push({
  name: "deno task serve stops gracefully on SIGTERM: the in-flight request finishes, then exit 0",
  async fn() {
    const server = await startServeProcess(["--artifacts", run.artifacts]);
    const address = server.url;
    // The request is surely in flight: half its body is in when SIGTERM comes, the rest follows.
    const bytes = await read(fixture("formats", "speech_48000.opus"));
    let release!: () => void;
    const rest = new Promise<void>((r) => (release = r));
    let part = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (part === 0) c.enqueue(bytes.subarray(0, bytes.length >> 1));
        else if (part === 1) (await rest, c.enqueue(bytes.subarray(bytes.length >> 1)));
        else c.close();
        part++;
      },
    });
    const inFlight = fetch(`${address}v1/predict`, { method: "POST", body, headers: { "content-type": "audio/ogg" } });
    // In flight by the server's own count (/healthz), then SIGTERM; the rest of the body once the server says it is
    // finishing in-flight requests.
    for (let i = 0;; i++) {
      const h = await (await fetch(`${address}healthz`)).json();
      if (h.requests_in_flight >= 1) break;
      assert.ok(i < 5000, "the request never reached the server");
    }
    Deno.kill(server.pid, "SIGTERM");
    await server.waitForLog(/SIGTERM: finishing in-flight requests/);
    release();
    const r = await inFlight;
    const answer = await r.json();
    assert.equal(r.status, 200, JSON.stringify(answer));
    // stop() sends SIGTERM again (the server is already stopping: it ignores it) and waits for the exit and the log.
    const code = await server.stop();
    assert.equal(code, 0, server.log());
    assert.match(server.log(), /SIGTERM: finishing in-flight requests, then exiting/);
    assert.match(server.log(), /serve: stopped/);
  },
});
