import assert from "node:assert/strict";
import { checkExperiment, experimentCells, ExperimentError, experimentToRaw } from "./experiment_file.ts";

const at = { file: "x.toml", base: "/data" };

Deno.test("checkExperiment() reads a grid and resolves paths; experimentCells() lists every combination once", () => {
  const spec = checkExperiment({
    name: "learners",
    data: "corpora",
    protocols: ["corpus", "loso"],
    modes: ["global", "enrolled"],
    seeds: [1, 2],
    grid: { model: ["pooled", "logreg"], augment: [0, 1], augment_plan: ["level", "chain"] },
  }, at);
  assert.equal(spec.data, "/data/corpora");
  assert.deepEqual(spec.grid.model, ["pooled-mlp", "logreg"], "aliases read as the family's name");
  const cells = experimentCells(spec);
  // 2 protocols × 2 models × (augment 0, or 1 with two plans = 3) × 2 seeds.
  assert.equal(cells.length, 2 * 2 * 3 * 2);
  assert.equal(new Set(cells.map((c) => c.id)).size, cells.length);
  assert.equal(cells[0].id, "corpus__pooled-mlp__aug0__seed1");
  assert.ok(cells.some((c) => c.id === "loso__logreg__aug1-chain__seed2"));
});

Deno.test("checkExperiment() refuses unknown keys and wrong values, naming the key, the value and what was expected", () => {
  const bad = (raw: Record<string, unknown>, re: RegExp) =>
    assert.throws(
      () => checkExperiment({ name: "x", data: "d", ...raw }, at),
      (e: Error) => e instanceof ExperimentError && re.test(e.message),
    );
  bad({ lables: ["a"] }, /x\.toml: `lables` must be one of the known keys/);
  bad({ protocols: ["ravdess7"] }, /`protocols` must be ravdess6, loso, corpus: received "ravdess7"/);
  bad({ grid: { model: ["poold-mlp"] } }, /`grid.model` must be .*: received "poold-mlp"/);
  bad({ grid: { augment: [-1] } }, /`grid.augment` must be a list of whole numbers ≥ 0/);
  bad({ modes: ["local"] }, /`modes` must be global, enrolled, transductive/);
  bad({ name: "a/b" }, /`name` must be a name/);
  assert.throws(() => checkExperiment({ name: "x" }, at), /`data` must be a path: received undefined/);
});

Deno.test("experimentToRaw() gives back a file that checks to the same experiment (what queue jobs carry)", () => {
  const spec = checkExperiment({
    name: "learners",
    data: "corpora",
    labels: ["angry", "sad"],
    merge: { calm: "neutral" },
    protocols: ["corpus"],
    test: ["tess"],
    epochs: 5,
    grid: { model: ["logreg"], augment: [0, 1], augment_plan: ["chain"], balance: ["oversample"] },
  }, at);
  assert.deepEqual(checkExperiment(experimentToRaw(spec), { file: "job", base: "/elsewhere" }), spec);
});

Deno.test("grid.features runs each learner on each feature set (NAME@SET), and refuses what cannot be", () => {
  const spec = checkExperiment({
    name: "sets",
    data: "d",
    grid: { model: ["svm", "pooled-mlp"], features: ["original", "pooled", "mfcc"] },
  }, at);
  const cells = experimentCells(spec);
  assert.deepEqual(cells.map((c) => c.model), [
    "svm@original",
    "svm",
    "svm@mfcc",
    "pooled-mlp@original",
    "pooled-mlp",
    "pooled-mlp@mfcc",
  ]);
  assert.equal(cells[2].id, "corpus__svm.mfcc__aug0__seed42");
  assert.throws(
    () => checkExperiment({ name: "x", data: "d", grid: { model: ["svm"], features: ["mel"] } }, at),
    /`grid.features` must be original, pooled, mfcc, level-free: received "mel"/,
  );
  assert.throws(
    () => checkExperiment({ name: "x", data: "d", grid: { model: ["views-mlp"], features: ["original"] } }, at),
    /views-mlp is tied to its own feature set/,
  );
});

Deno.test("grid.adversary adds a cell per adversary (the id says which), carries adversary_weight, and refuses solved learners", () => {
  const spec = checkExperiment({
    name: "adversary",
    data: "d",
    adversary_weight: 0.5,
    grid: { model: ["pooled-mlp"], augment: [1], adversary: ["none", "speaker", "corpus"] },
  }, at);
  assert.equal(spec.adversaryWeight, 0.5);
  assert.deepEqual(experimentCells(spec).map((c) => c.id), [
    "corpus__pooled-mlp__aug1-level__seed42",
    "corpus__pooled-mlp__aug1-level__adv-speaker__seed42",
    "corpus__pooled-mlp__aug1-level__adv-corpus__seed42",
  ]);
  assert.deepEqual(checkExperiment(experimentToRaw(spec), { file: "job", base: "/elsewhere" }), spec);
  assert.equal(checkExperiment({ name: "x", data: "d" }, at).adversaryWeight, 0.3);
  assert.throws(
    () => checkExperiment({ name: "x", data: "d", grid: { model: ["svm"], adversary: ["speaker"] } }, at),
    /grid\.adversary.*none with svm \(solved/,
  );
  assert.throws(
    () => checkExperiment({ name: "x", data: "d", grid: { adversary: ["room"] } }, at),
    /none, speaker, corpus/,
  );
  assert.throws(() => checkExperiment({ name: "x", data: "d", adversary_weight: -1 }, at), /adversary_weight.*≥ 0/);
});
