import assert from "node:assert/strict";
import { join } from "node:path";
import { loadAudio } from "$lib/audio/mod.ts";
import { audioAnalysisChart } from "$lib/charts/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { audioAnalysisData, loadPredictor } from "$lib/pipeline/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";

// One small training run shared by the tests in this file.
const { tmp, data, artifacts, outputs } = await trainSmallDemoRun({ limit: 160, epochs: 4 });
const results = JSON.parse(await Deno.readTextFile(join(outputs, "test_results.json")));
const testRows = parseCsv(await Deno.readTextFile(join(outputs, "test_predictions.csv")));

Deno.test("the predict CLI reproduces the evaluation's test accuracy exactly from the saved artifacts", async () => {
  const r = await runCli("predict.ts", [
    "--artifacts",
    artifacts,
    "--format",
    "json",
    ...testRows.map((t) => join(data, t.path)),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { file: string; emotion: string }[];
  const truth = new Map(testRows.map((t) => [join(data, t.path), t.true]));
  const correct = rows.filter((p) => truth.get(p.file) === p.emotion).length;
  assert.equal(rows.length, results.num_test_samples);
  assert.equal(correct / rows.length, results.test_accuracy);
  assert.match(r.stderr, new RegExp(`${rows.length} predicted, 0 failed`));
});

Deno.test("a batch with bad files gives error rows, goes on, and exits non-zero", async (t) => {
  const good = join(data, testRows[0].path);
  const inputs = [good, fixture("bad", "mp3_in_wav.wav"), fixture("bad", "empty.wav"), join(tmp, "missing.wav")];
  await t.step("json", async () => {
    const r = await runCli("predict.ts", ["--artifacts", artifacts, "--format", "json", ...inputs]);
    assert.equal(r.code, 1);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 4);
    assert.equal(rows.filter((x: { error: string | null }) => x.error === null).length, 1);
    assert.ok(rows.every((x: { synthetic: string }) => /trained on the SYNTHETIC demo corpus/.test(x.synthetic)));
    assert.match(
      rows.find((x: { file: string }) => x.file.endsWith("mp3_in_wav.wav")).error,
      /unsupported WAV format code 0x0055/,
    );
    assert.match(rows.find((x: { file: string }) => x.file.endsWith("missing.wav")).error, /no such file/);
    assert.match(r.stderr, /1 predicted, 3 failed/);
  });
  await t.step("csv", async () => {
    const r = await runCli("predict.ts", ["--artifacts", artifacts, "--format", "csv", ...inputs.slice(0, 2)]);
    const rows = parseCsv(r.stdout);
    assert.deepEqual(Object.keys(rows[0]).slice(0, 3), ["file", "emotion", "confidence"]);
    const keys = Object.keys(rows[0]);
    assert.deepEqual(keys.slice(-7), [
      "gender",
      "gender_confidence",
      "mode",
      "speaker_group",
      "note",
      "warning",
      "error",
    ]);
    const probs = Object.entries(rows[0]).slice(3, keys.indexOf("gender"));
    assert.equal(probs.length, 8);
    assert.ok(Math.abs(probs.reduce((s, [, v]) => s + Number(v), 0) - 1) < 1e-5, "probabilities sum to 1");
    assert.equal(rows[0].mode, "global");
    // The demo model is synthetic: every row says so.
    assert.ok(rows.every((x) => /trained on the SYNTHETIC demo corpus/.test(x.warning)));
    assert.match(rows[1].error, /0x0055/);
  });
  await t.step("table", async () => {
    const r = await runCli("predict.ts", ["--artifacts", artifacts, "--format", "table", ...inputs.slice(0, 2)]);
    const lines = r.stdout.trim().split("\n");
    assert.match(lines[0], /^WARNING: this model was trained on the SYNTHETIC demo corpus.*train on real recordings/);
    assert.match(lines[2], /^file +emotion +confidence +runner-up( +gender)? +mode$/);
    assert.match(lines[3], /\d+\.\d% .* global$/);
    assert.match(lines[4], /ERROR .*0x0055/);
  });
});

Deno.test("predict without artifacts, or with mismatched ones, says so and how to train", async () => {
  const none = await runCli("predict.ts", [
    "--artifacts",
    join(tmp, "nothing"),
    fixture("audio", "tiny_22050_s16.wav"),
  ]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no usable model .*`deno task train`/s);
  const bad = join(tmp, "bad-artifacts");
  await Deno.mkdir(bad);
  for (const f of ["model_metadata.json", "scaler.json"]) await Deno.copyFile(join(artifacts, f), join(bad, f));
  await Deno.writeTextFile(join(bad, "labels.json"), JSON.stringify({ classes: ["a", "b", "c"] }));
  await Deno.mkdir(join(bad, "model"));
  for (const f of ["model.json", "weights.bin"]) {
    await Deno.copyFile(join(artifacts, "model", f), join(bad, "model", f));
  }
  const mismatch = await runCli("predict.ts", ["--artifacts", bad, fixture("audio", "tiny_22050_s16.wav")]);
  assert.equal(mismatch.code, 2);
  assert.match(mismatch.stderr, /labels.json lists 3 classes but the model outputs 8/);
});

Deno.test("predict() takes paths, bytes, or raw samples with their rate, with the same result", async () => {
  const p = await loadPredictor(artifacts);
  const path = fixture("audio", "speech_44100_s16.wav");
  const a = await p.predict(path);
  const b = await p.predict(await Deno.readFile(path));
  const { y } = await loadAudio(path, { sampleRate: null });
  const c = await p.predict({ y, sampleRate: 44100 });
  assert.deepEqual(b, a);
  assert.equal(c.emotion, a.emotion);
  assert.ok(Math.abs(c.confidence - a.confidence) < 1e-6);
  assert.ok(Math.abs(Object.values(a.probabilities).reduce((s, v) => s + v, 0) - 1) < 1e-5);
  await assert.rejects(p.predict({ y, sampleRate: 0 }), /raw samples need/);
});

Deno.test("audioAnalysisChart() shows waveform, spectrogram, MFCC and probabilities with the true label", async () => {
  const p = await loadPredictor(artifacts);
  const file = join(data, testRows.find((t) => t.path.startsWith("Savee/"))?.path ?? testRows[0].path);
  const d = await audioAnalysisData(p, file);
  assert.ok(d.trueLabel, "the demo file name carries its label");
  const chart = audioAnalysisChart(d);
  assert.match(chart.name, /^12_audio_sample_/);
  assert.equal((chart.svg.match(/<image /g) ?? []).length, 2, "spectrogram and MFCC rasters");
  assert.match(chart.svg, new RegExp(`predicted ${d.predicted}`));
  assert.match(chart.svg, new RegExp(`true: ${d.trueLabel}`));
  for (const title of ["Waveform", "Spectrogram", "MFCC 1–39", "Predicted probabilities"]) {
    assert.ok(chart.svg.includes(title), title);
  }
  for (const c of p.classes) assert.ok(chart.svg.includes(`>${c}<`), c);
  assert.equal(d.spectrogramDb.rows, 1025);
  const db = Array.from(d.spectrogramDb.data);
  assert.equal(db.reduce((a, b) => Math.max(a, b), -Infinity), 0);
  assert.equal(db.reduce((a, b) => Math.min(a, b), Infinity) >= -80, true);
});

globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
