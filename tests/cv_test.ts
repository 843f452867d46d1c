import assert from "node:assert/strict";
import { join } from "node:path";
import { writeDemoCorpus } from "$lib/data/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { runCli } from "./support/run_cli.ts";

// A small demo corpus (RAVDESS, CREMA-D, TESS and SAVEE layouts) shared by the steps, made and removed inside the one
// test below: `--filter` or a failure cannot leave it behind.
let tmp = "", data = "";
const cache = ["--no-cache"];
const STEPS: Deno.TestStepDefinition[] = [];

Deno.test("cv and train --split none on a small demo corpus", async (t) => {
  tmp = await Deno.makeTempDir();
  data = join(tmp, "dataset");
  try {
    await writeDemoCorpus(data, { limit: 360 });
    await Deno.writeTextFile(join(data, "notes.txt"), "not audio");
    for (const step of STEPS) await t.step(step);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

STEPS.push({
  name:
    "cv scores every mode side by side on the same folds; enrolment clips are never scored; no speaker is in two folds",
  fn: async () => {
    const out = join(tmp, "cv6");
    const r = await runCli("cv.ts", [
      "--data",
      data,
      "--protocol",
      "ravdess6",
      "--extra-corpora",
      "--model",
      "original-mlp,pooled-mlp",
      "--augment",
      "0",
      "--modes",
      "global,enrolled,transductive",
      "--epochs",
      "2",
      "--out",
      out,
      ...cache,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /fold 1\/2 \(actors 01–04\): UA global [\d.]+, enrolled [\d.]+, transductive [\d.]+ %/);
    const summary = JSON.parse(await Deno.readTextFile(join(out, "cv_summary.json")));
    assert.deepEqual(Object.keys(summary.modes), ["global", "enrolled", "transductive"]);
    for (const m of Object.values(summary.modes) as { wa: number; ua: number; f1: number; ua_ci95: number[] }[]) {
      for (const k of ["wa", "ua", "f1"] as const) assert.ok(m[k] >= 0 && m[k] <= 1, k);
      // The speaker bootstrap's interval holds the mean over folds it is about.
      assert.ok(m.ua_ci95[0] <= m.ua + 1e-12 && m.ua <= m.ua_ci95[1] + 1e-12, JSON.stringify(m));
    }
    // The second model against the first, in each mode, on the same clips.
    assert.deepEqual(
      summary.comparisons.map((c: { mode: string; a: string; b: string }) => [c.mode, c.a, c.b]),
      ["global", "enrolled", "transductive"].map((m) => [m, "original-mlp", "pooled-mlp"]),
    );
    for (const c of summary.comparisons) {
      assert.ok(Math.abs(c.difference - (c.ua_b - c.ua_a)) < 1e-12 && c.p > 0 && c.p <= 1);
      assert.ok(c.difference_ci95[0] <= c.difference_ci95[1]);
    }
    assert.match(r.stdout, /pooled-mlp vs original-mlp · global: UA [+-]\d+\.\d \[/);
    // Older readers keep working: top-level wa/ua are the first model's transductive figures.
    assert.equal(summary.mode, "transductive");
    assert.equal(summary.wa, summary.modes.transductive.wa);
    assert.equal(summary.models[0].per_fold.length, 2, "the demo corpus has 8 actors: two folds of four");
    assert.ok(
      Array.isArray(summary.models[0].notes) &&
        summary.models[0].per_fold.every((f: { notes: unknown }) => Array.isArray(f.notes)),
    );
    const rows = parseCsv(await Deno.readTextFile(join(out, "cv_predictions.csv")));
    const folds = new Map<string, Set<string>>();
    for (const row of rows) folds.set(row.speaker, new Set([...(folds.get(row.speaker) ?? []), row.fold]));
    for (const [speaker, f] of folds) assert.equal(f.size, 1, `${speaker} is in folds ${[...f].join(", ")}`);
    // Enrolment clips: neutral clips of the test speakers, scored globally and transductively but never enrolled.
    const enrolment = rows.filter((row) => row["original-mlp:enrolled"] === "");
    assert.ok(enrolment.length >= 6, `${enrolment.length} enrolment clips`);
    assert.ok(enrolment.every((row) => row.truth === "neutral" && row["original-mlp:global"] !== ""));
    const enrolled = summary.models[0].per_fold.reduce(
      (n: number, f: { modes: { enrolled: { clips: number } } }) => n + f.modes.enrolled.clips,
      0,
    );
    assert.equal(enrolled + enrolment.length, rows.length);
    // The data outputs the log points at.
    const skipped = parseCsv(await Deno.readTextFile(join(out, "skipped.csv")));
    assert.ok(skipped.some((s) => s.path === "notes.txt"));
    assert.ok((await Deno.stat(join(out, "manifest.csv"))).size > 0);
    for (const m of ["global", "enrolled", "transductive"]) {
      await Deno.stat(join(out, "charts", `14_cv_confusion_${m}.svg`));
    }
  },
});

STEPS.push({
  name: "cv --protocol corpus trains on every other corpus and tests the one held out, matched loosely by name",
  fn: async () => {
    const out = join(tmp, "cvc");
    const r = await runCli("cv.ts", [
      "--data",
      data,
      "--protocol",
      "corpus",
      "--test",
      "ravdess,Crema_D",
      "--model",
      "original-mlp",
      "--epochs",
      "2",
      "--labels",
      "angry,happy,neutral,sad",
      "--include-boredom",
      "--explain",
      "--out",
      out,
      ...cache,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(await Deno.readTextFile(join(out, "cv_summary.json")));
    const corpora = summary.models[0].corpora as {
      test_corpus: string;
      clips: number;
      train_clips: number;
      modes: object;
    }[];
    assert.deepEqual(corpora.map((c) => c.test_corpus), ["RAVDESS", "CREMA-D"]);
    const counts = summary.data.corpora as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    for (const c of corpora) {
      assert.equal(c.clips, counts[c.test_corpus]);
      assert.equal(c.train_clips, total - counts[c.test_corpus], `${c.test_corpus} trains only on the others`);
      assert.ok("global" in c.modes);
    }
    const predictions = parseCsv(await Deno.readTextFile(join(out, "cv_predictions.csv")));
    assert.deepEqual([...new Set(predictions.map((p) => p.corpus))].sort(), ["CREMA-D", "RAVDESS"]);
    // The worst held-out corpus per mode: the lowest UA of the corpora blocks, named.
    for (
      const [m, block] of Object.entries(
        summary.models[0].modes as Record<string, { worst: { corpus: string; ua: number } }>,
      )
    ) {
      const uas = corpora.map((c) => (c.modes as Record<string, { ua: number | null }>)[m]?.ua).filter((u) =>
        u !== null
      );
      assert.equal(block.worst.ua, Math.min(...(uas as number[])), m);
      const named = corpora.find((c) => (c.modes as Record<string, { ua: number }>)[m]?.ua === block.worst.ua)!;
      assert.equal(block.worst.corpus, named.test_corpus);
    }
    // Each corpus and mode: the answers per label against the truth (the collapse diagnostics), one per scored clip.
    const global = (corpora[0].modes as Record<string, { answers: Record<string, number>; clips: number }>).global;
    assert.equal(Object.values(global.answers).reduce((a, b) => a + b, 0), global.clips);
    // --explain: each feature group's importance on the held-out corpora, and the top groups' values per label.
    const importance = parseCsv(await Deno.readTextFile(join(out, "cv_importance.csv")));
    assert.ok(
      importance.some((g) => g.group === "mfcc") && importance.every((g) => Number.isFinite(Number(g.ua_drop))),
    );
    await Deno.stat(join(out, "charts", "20_feature_importance.png"));
    await Deno.stat(join(out, "charts", "21_top_feature_distributions.png"));
    assert.match(r.stdout, /worst corpus: global \d+\.\d % \((RAVDESS|CREMA-D)\)/);
  },
});

STEPS.push({
  name:
    "cv --protocol matrix trains on each corpus alone and tests every corpus: a CSV, a summary and a heat map per mode",
  fn: async () => {
    const out = join(tmp, "matrix");
    const r = await runCli("cv.ts", [
      "--data",
      data,
      "--protocol",
      "matrix",
      "--model",
      "pooled-mlp",
      "--augment",
      "0",
      "--modes",
      "global,enrolled",
      "--labels",
      "angry,happy,neutral,sad",
      "--out",
      out,
      ...cache,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(await Deno.readTextFile(join(out, "cv_matrix.json")));
    const corpora = summary.corpora as string[];
    assert.ok(corpora.length >= 3, corpora.join(", "));
    assert.equal(summary.cells.length, corpora.length ** 2, "every (trained on, tested on) pair");
    const cells = summary.cells as { train: string; test: string; ua: Record<string, number | null> }[];
    for (const m of ["global", "enrolled"]) {
      const off = cells.filter((c) => c.train !== c.test && typeof c.ua[m] === "number");
      const mean = off.reduce((s, c) => s + c.ua[m]!, 0) / off.length;
      assert.ok(Math.abs(summary.modes[m].off_diagonal_mean_ua - mean) < 1e-12, m);
      assert.equal(summary.modes[m].worst.ua, Math.min(...off.map((c) => c.ua[m]!)));
      await Deno.stat(join(out, "charts", `18_cv_matrix_${m}.png`));
    }
    const csv = parseCsv(await Deno.readTextFile(join(out, "cv_matrix.csv")));
    assert.equal(csv.length, 2 * corpora.length ** 2);
    assert.match(r.stdout, /mean off the diagonal \d+\.\d %; worst \S+ → \S+/);
  },
});

STEPS.push({
  name: "cv refuses a class the training side lacks, and a test corpus it cannot find, naming them",
  fn: async () => {
    const calm = await runCli("cv.ts", [
      "--data",
      data,
      "--protocol",
      "corpus",
      "--test",
      "ravdess",
      "--epochs",
      "1",
      "--model",
      "original-mlp",
      "--out",
      join(tmp, "x"),
      ...cache,
    ]);
    assert.equal(calm.code, 1);
    assert.match(
      calm.stderr,
      /fold RAVDESS: the test side has "calm" but no training clip does; leave it out with --labels/,
    );
    const none = await runCli("cv.ts", [
      "--data",
      data,
      "--protocol",
      "corpus",
      "--test",
      "emodb",
      "--model",
      "original-mlp",
      "--out",
      join(tmp, "y"),
      ...cache,
    ]);
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /--test emodb: no such corpus under the data folder \(found CREMA-D, RAVDESS, SAVEE, TESS\)/,
    );
  },
});

STEPS.push({
  name: "train --split none trains on every clip for a fixed number of epochs and writes no test outputs",
  fn: async () => {
    const root = join(tmp, "final");
    const r = await runCli("train.ts", ["--data", data, "--split", "none", "--epochs", "3", "--out", root, ...cache]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no test split \(--split none\)/);
    const meta = JSON.parse(await Deno.readTextFile(join(root, "artifacts", "model_metadata.json")));
    assert.equal(meta.split, "none");
    assert.equal(meta.epochs_run, 3);
    assert.deepEqual(meta.samples, { train: 360, val: 0, test: 0 });
    assert.equal(meta.test_accuracy, null);
    await assert.rejects(() => Deno.stat(join(root, "outputs", "test_results.json")));
    const p = await runCli("predict.ts", [
      "--artifacts",
      join(root, "artifacts"),
      "--format",
      "json",
      join(data, "Tess"),
    ]);
    assert.equal(p.code, 0, p.stderr);
  },
});
