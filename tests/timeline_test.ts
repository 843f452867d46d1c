import assert from "node:assert/strict";
import { join } from "node:path";
import { decodeWav, encodeWav, loadAudio } from "$lib/audio/mod.ts";
import { EMOTION_PROSODY, synthesizeSpeech, voiceOf } from "$lib/data/mod.ts";
import { rngFor } from "$lib/random.ts";
import { extractFeatures } from "$lib/features/mod.ts";
import { loadPredictor, predictTimeline } from "$lib/pipeline/mod.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";

const SR = 48000;
const run = await trainSmallDemoRun({ limit: 200, epochs: 12, model: "original-mlp" }); // windows checked against the seed features
const predictor = await loadPredictor(run.artifacts);

/** A 5 s utterance as a 16-bit WAV would store it (so predictions are those of the decoded file). */
function utterance(emotion: string, k: number): Float32Array {
  const voice = voiceOf(42, `timeline-test-${k % 4}`, k % 2 ? "female" : "male");
  const y = synthesizeSpeech(emotion as keyof typeof EMOTION_PROSODY, voice, rngFor(7, `${emotion}:${k}`), {
    sampleRate: SR,
    duration: 5,
    variability: 0.05,
  });
  return decodeWav(encodeWav(y, SR)).samples;
}

/** Utterances whose three full 3 s windows the model labels alike, with consecutive labels different. */
async function pickUtterances(n: number): Promise<{ y: Float32Array; label: string }[]> {
  const out: { y: Float32Array; label: string }[] = [];
  for (let k = 0; out.length < n && k < 12; k++) {
    for (const emotion of ["angry", "sad", "happy", "neutral", "fear", "calm", "disgust", "surprise"]) {
      if (out.length >= n) break;
      const y = utterance(emotion, k);
      const labels = await Promise.all(
        [0, 1, 2].map(async (o) =>
          (await predictor.predict({ y: y.subarray(o * SR, (o + 3) * SR), sampleRate: SR })).emotion
        ),
      );
      if (new Set(labels).size === 1 && labels[0] !== out.at(-1)?.label) out.push({ y, label: labels[0] });
    }
  }
  assert.equal(out.length, n, "not enough utterances with a stable prediction");
  return out;
}

/** Silence 0–1, A 1–6, silence 6–10, B 10–15, silence 15–19, C 19–24, silence 24–26 (seconds). */
const STARTS = [1, 10, 19];
const parts = await pickUtterances(3);
const recording = new Float32Array(26 * SR);
parts.forEach((p, i) => recording.set(p.y, STARTS[i] * SR));
const dir = await Deno.makeTempDir();
const wavPath = join(dir, "recording.wav");
await Deno.writeFile(wavPath, encodeWav(recording, SR));

Deno.test("a timeline over known clips with silences between them finds the segments in order at the right times (±1 hop)", async () => {
  // The small demo model is rarely confident: the floor is the unit tests' business, timing and order are this one's.
  const t = await predictTimeline(predictor, wavPath, { minSegment: 3, confidenceFloor: 0 });
  assert.ok(Math.abs(t.duration - 26) < 1e-9);
  const voiced = t.segments.filter((s) => s.label !== "silence");
  assert.deepEqual(voiced.map((s) => s.label), parts.map((p) => p.label), JSON.stringify(t.segments)); // the three pauses, the last at the end
  voiced.forEach((s, i) => {
    assert.ok(Math.abs(s.start - STARTS[i]) <= 1 + 1e-9, `segment ${i} starts at ${s.start}, clip at ${STARTS[i]}`);
    assert.ok(Math.abs(s.end - (STARTS[i] + 5)) <= 1 + 1e-9, `segment ${i} ends at ${s.end}, clip at ${STARTS[i] + 5}`);
  });
  assert.equal(t.segments.filter((s) => s.label === "silence").length, 3, JSON.stringify(t.segments)); // the three pauses, the last at the end
  assert.ok(t.summary.voicedSeconds > 12 && t.summary.voicedSeconds < 20);
});

Deno.test("every timeline window is predicted exactly as loadAudio(offset, duration) would load that clip", async () => {
  const t = await predictTimeline(predictor, wavPath, { vad: false });
  for (const k of [0, 3, 11, t.windows.length - 1]) {
    const w = t.windows[k];
    const { y } = await loadAudio(wavPath, { offset: w.start, duration: w.end - w.start });
    const alone = predictor.predictFeatures(extractFeatures(y));
    assert.deepEqual(w.probabilities, alone.probabilities, `window ${k} [${w.start}, ${w.end}]`);
  }
  assert.match(t.notes.join(), /VAD off/);
});

Deno.test("predict --timeline prints segments, writes JSON/CSV, and draws the chart; a long file without it says what was used", async (t) => {
  await t.step("json", async () => {
    const r = await runCli("predict.ts", [
      "--artifacts",
      run.artifacts,
      "--timeline",
      "--format",
      "json",
      "--min-segment",
      "3",
      "--confidence-floor",
      "0",
      wavPath,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [out] = JSON.parse(r.stdout);
    assert.deepEqual(
      out.segments.filter((s: { label: string }) => s.label !== "silence").map((s: { label: string }) => s.label),
      parts.map((p) => p.label),
    );
    assert.ok(
      out.windows.every((w: { start_s?: number; start: number; voiced: boolean }) => typeof w.voiced === "boolean"),
    );
    assert.ok(out.summary.byLabel[parts[0].label].longest);
  });
  await t.step("csv and chart", async () => {
    const charts = join(dir, "charts");
    const r = await runCli("predict.ts", [
      "--artifacts",
      run.artifacts,
      "--timeline",
      "--format",
      "csv",
      "--chart",
      charts,
      wavPath,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.match(lines[0], /^file,start_s,end_s,voiced,speech_fraction,emotion,mode,confidence,.*,segment,error$/);
    assert.equal(lines.length - 1, 24); // windows of 3 s every 1 s over 26 s
    const svg = await Deno.readTextFile(join(charts, "15_timeline_recording.svg"));
    assert.match(svg, /Emotion over time — recording\.wav/);
    assert.ok((await Deno.stat(join(charts, "15_timeline_recording.png"))).size > 10000);
  });
  await t.step("table", async () => {
    const r = await runCli("predict.ts", ["--artifacts", run.artifacts, "--timeline", "--format", "table", wavPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0:26\.0 \(WAV\), 24 windows of 3 s every 1 s/);
    assert.match(r.stdout, /silence/);
  });
  await t.step("without --timeline: 'used the first 3.0 s of 26.0 s' in the output and the JSON", async () => {
    const r = await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", wavPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the model used the first 3\.0 s of 26\.0 s \(predict --timeline for the whole recording\)/);
    const [row] = JSON.parse(r.stdout);
    assert.equal(row.durationSeconds, 26);
    assert.equal(row.usedSeconds, 3);
    assert.match(row.truncated, /used the first 3\.0 s of 26\.0 s/);
  });
});
