import assert from "node:assert/strict";
import { join } from "node:path";
import { writeDemoOwnData } from "$lib/data/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { runCharts } from "$lib/charts/mod.ts";
import { runCli } from "./support/run_cli.ts";

Deno.test("train + predict on a 3-class dataset of one's own (metadata.csv, custom labels merged), from the CLI", async () => {
  const tmp = await Deno.makeTempDir();
  const data = join(tmp, "my-recordings");
  // Labels as people write them: mixed case, and "Excited" to be merged into happy.
  await writeDemoOwnData(data, { layout: "metadata", classes: ["Angry", "happy", "Excited", "sad"], clipsPerClass: 4 });
  const r = await runCli("train.ts", [
    "--data",
    data,
    "--out",
    tmp,
    "--epochs",
    "3",
    "--merge",
    "excited=happy",
    "--labels",
    "angry,happy,sad",
    "--no-cache",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = (f: string) => Deno.readTextFile(join(tmp, "outputs", f));
  const labels = JSON.parse(await Deno.readTextFile(join(tmp, "artifacts", "labels.json")));
  assert.deepEqual(labels.classes, ["angry", "happy", "sad"]);
  assert.deepEqual(labels.label_set, { merge: { excited: "happy" }, labels: ["angry", "happy", "sad"] });
  const meta = JSON.parse(await Deno.readTextFile(join(tmp, "artifacts", "model_metadata.json")));
  assert.equal(meta.num_classes, 3);
  assert.deepEqual(meta.label_set, labels.label_set);
  const manifest = parseCsv(await out("manifest.csv"));
  assert.equal(manifest.length, 64);
  assert.equal(manifest.filter((m) => m.emotion === "happy").length, 32);
  assert.ok(manifest.filter((m) => m.label_raw === "excited").every((m) => m.emotion === "happy"));
  assert.ok(manifest.every((m) => m.source === "metadata" && m.speaker.startsWith("custom/spk")));
  assert.deepEqual(parseCsv(await out("confusion_matrix.csv")).map((row) => row[""]), ["angry", "happy", "sad"]);
  assert.equal(parseCsv(await out("per_class_accuracy.csv")).length, 3);
  const report = await out("report.html");
  for (const c of ["angry", "happy", "sad"]) assert.match(report, new RegExp(`<td class="k">${c}</td>`));
  assert.doesNotMatch(report, /<td class="k">surprise<\/td>/);
  const cm = await Deno.readTextFile(join(tmp, "charts", "07_confusion_matrix.svg"));
  for (const c of ["angry", "happy", "sad"]) assert.match(cm, new RegExp(`>${c}<`));

  const clips = manifest.slice(0, 3).map((m) => join(data, m.path));
  const p = await runCli("predict.ts", ["--artifacts", join(tmp, "artifacts"), "--format", "json", ...clips]);
  assert.equal(p.code, 0, p.stderr);
  const rows = JSON.parse(p.stdout) as { emotion: string; probabilities: Record<string, number> }[];
  assert.ok(rows.every((x) => ["angry", "happy", "sad"].includes(x.emotion)));
  assert.deepEqual(Object.keys(rows[0].probabilities), ["angry", "happy", "sad"]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("folder-per-label data trains with a split column absent; a speaker split without speakers is refused", async () => {
  const tmp = await Deno.makeTempDir();
  const data = join(tmp, "folders");
  await writeDemoOwnData(data, { layout: "folders", classes: ["calm", "tense"], clipsPerClass: 5, speakers: 3 });
  const refused = await runCli("train.ts", [
    "--data",
    data,
    "--out",
    tmp,
    "--layout",
    "folders",
    "--split",
    "speaker",
    "--no-cache",
  ]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /speaker split needs every clip's speaker, but 30 clips of custom have none .*--speaker-pattern REGEX/,
  );
  const ok = await runCli("train.ts", [
    "--data",
    data,
    "--out",
    tmp,
    "--layout",
    "folders",
    "--split",
    "speaker",
    "--speaker-pattern",
    "/(spk\\d+)_",
    "--epochs",
    "2",
    "--no-cache",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const split = parseCsv(await Deno.readTextFile(join(tmp, "outputs", "split.csv")));
  const partsOf = (spk: string) => new Set(split.filter((r) => r.speaker === spk).map((r) => r.split));
  for (const spk of ["custom/spk1", "custom/spk2", "custom/spk3"]) assert.equal(partsOf(spk).size, 1, spk);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(join(tmp, "artifacts", "labels.json"))).classes, [
    "calm",
    "tense",
  ]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("a split column in metadata.csv is honoured and the run says so", async () => {
  const tmp = await Deno.makeTempDir();
  const data = join(tmp, "d");
  await writeDemoOwnData(data, { classes: ["a", "b"], clipsPerClass: 3, speakers: 4, splitColumn: true });
  const r = await runCli("train.ts", ["--data", data, "--out", tmp, "--epochs", "1", "--no-cache"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /24 clips use the split column of their metadata file \(train 12, val 6, test 6\)/);
  const split = parseCsv(await Deno.readTextFile(join(tmp, "outputs", "split.csv")));
  assert.ok(split.filter((s) => s.speaker === "custom/spk4").every((s) => s.split === "test"));
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("the run charts draw any class count from 2 to 50, each class named, colours stable per label", async (t) => {
  for (const n of [2, 50]) {
    await t.step(`${n} classes`, () => {
      const classes = Array.from({ length: n }, (_, i) => `class ${String(i).padStart(2, "0")}`);
      const cm = classes.map((_, i) => classes.map((_, j) => (i === j ? 5 : (i + j) % 3)));
      const counts = classes.map((label, i) => ({ label, count: 10 + i }));
      const charts = runCharts({
        emotionCounts: counts,
        corpusCounts: [{ label: "custom", count: 100 }],
        emotionCorpus: classes.map((emotion, i) => ({ emotion, corpus: "custom", count: 10 + i })),
        history: [{ epoch: 1, loss: 1, valLoss: 1.1, accuracy: 0.5, valAccuracy: 0.4 }],
        bestEpoch: 1,
        classes,
        confusion: cm,
        confusionPercent: cm.map((r) => r.map((v) => (100 * v) / r.reduce((a, b) => a + b, 0))),
        scores: classes.map((label) => ({ label, precision: 0.5, recall: 0.5, f1: 0.5, support: 7 })),
        accuracy: 0.5,
        testCounts: counts,
      });
      assert.equal(charts.length, 11);
      const matrix = charts.find((c) => c.name === "07_confusion_matrix")!.svg;
      for (const c of classes) assert.ok(matrix.includes(`>${c}<`), c);
      assert.ok(charts.every((c) => c.toPng({ scale: 1 }).length > 1000));
    });
  }
  await t.step("the same custom label gets the same colour whatever is plotted beside it", () => {
    // "frustrated" has the most clips, so its bar is the first one drawn.
    const colour = (labels: string[]) =>
      /<g aria-label="bar"><rect fill="(#[0-9a-f]{6})"/.exec(
        runCharts({
          emotionCounts: labels.map((label) => ({ label, count: label === "frustrated" ? 9 : 3 })),
          corpusCounts: [],
          emotionCorpus: [],
          history: [],
          bestEpoch: 1,
          classes: labels,
          confusion: labels.map(() => labels.map(() => 1)),
          confusionPercent: labels.map(() => labels.map(() => 1)),
          scores: [],
          accuracy: 0,
          testCounts: [],
        })[0].svg,
      )?.[1];
    assert.match(colour(["frustrated", "zen"]) ?? "", /^#[0-9a-f]{6}$/);
    assert.deepEqual(colour(["frustrated", "zen"]), colour(["bored", "frustrated", "elated"]));
  });
});
