/**
 * The one place where the stages are wired: discover → extract (cached) → split → scale → train → evaluate → write
 * outputs and artifacts. The CLI tasks, the trainer and the notebooks all call these functions.
 *
 * @example
 * import { runPipeline } from "$lib/pipeline.ts";
 * const summary = await runPipeline({ dataDir: "dataset", epochs: 100 });
 *
 * @module
 */
import { join } from "node:path";
import { resamplerInfo } from "./audio/resample.ts";
import { audioDecoders } from "./audio/audio_reader.ts";
import {
  corpusCounts,
  countBy,
  DEMO_CORPUS_VERSION,
  discoverCorpus,
  type Discovery,
  extractCorpus,
  type FeatureTable,
  type ManifestEntry,
  planDemoCorpus,
  seedSplit,
  speakerSplit,
  type SplitName,
  SYNTHETIC_MARKER,
  writeDataOutputs,
  writeDemoCorpus,
} from "./data/mod.ts";
import {
  argmaxRows,
  type ClassificationReport,
  classificationReport,
  classificationReportTable,
  confusionMatrix,
  confusionMatrixTable,
  normalizeRows,
  perClassAccuracyTable,
} from "./eval/mod.ts";
import { renderRunReport, runCharts } from "./charts/mod.ts";
import { FEATURE_CONFIG, FEATURE_COUNT, FEATURE_GROUPS, FEATURE_REVISION } from "./features/extract_features.ts";
import { parseCsv, progressBar, writeCsv, writeFileAtomic } from "./io/mod.ts";
import {
  applyScaler,
  ArtifactError,
  type Artifacts,
  buildSeedMlp,
  type EpochRecord,
  evaluateModel,
  fitScaler,
  initBackend,
  loadArtifacts,
  type ModelMetadata,
  saveArtifacts,
  saveModel,
  type Scaler,
  trainModel,
  withSeededRandom,
} from "./model/mod.ts";

/** Configuration of a run; every field has a default. */
export interface PipelineConfig {
  /** Corpus folder. Default `dataset`. When it holds no corpus, the synthetic demo corpus is used. */
  dataDir?: string;
  /** Where the demo corpus is generated when needed. Default `.cache/demo-corpus`. */
  demoDir?: string;
  /** Output folders. Defaults `outputs`, `artifacts`, `charts`. */
  outputsDir?: string;
  artifactsDir?: string;
  chartsDir?: string;
  /** Feature cache folder (`null` disables). Default `.cache/features`. */
  cacheDir?: string | null;
  /** `"seed"` (the notebook's stratified clip split) or `"speaker"` (speaker-independent). Default `"seed"`. */
  split?: "seed" | "speaker";
  /** Maximum epochs. Default 100. */
  epochs?: number;
  /** Seed for the split, weights, dropout and shuffling. Default 42. */
  seed?: number;
  /** Extraction workers. Default one per core. */
  workers?: number;
  /** Keep EMO-DB boredom. Default false. */
  includeBoredom?: boolean;
  /**
   * When `dataDir` holds no corpus: `true` generates and uses the synthetic demo corpus; `false` throws (for a folder the
   * user named explicitly, where silently training on synthetic data would mislead). Default true.
   */
  demoFallback?: boolean;
  /** Progress and messages. Default: `console.error`. */
  log?: (message: string) => void;
  /** Hide progress bars. Default false. */
  quiet?: boolean;
  /** Called after each training epoch. */
  onEpoch?: (record: EpochRecord, epochs: number) => void;
}

/** Where the data came from. */
export interface DataSource {
  root: string;
  kind: "real" | "synthetic";
  /** A sentence for logs and reports. */
  note: string;
}

/** Everything the training stage needs, after discovery, extraction and splitting. */
export interface PreparedData {
  source: DataSource;
  discovery: Discovery;
  table: FeatureTable;
  /** Manifest entries of the table's rows, in row order. */
  rows: ManifestEntry[];
  /** Class names in label-encoder (alphabetical) order. */
  classes: string[];
  /** Class index per row. */
  y: Int32Array;
  split: SplitName[];
  splitNotes: string[];
  timings: Record<string, number>;
}

const defaults = (c: PipelineConfig) => ({
  dataDir: c.dataDir ?? "dataset",
  demoDir: c.demoDir ?? ".cache/demo-corpus",
  outputsDir: c.outputsDir ?? "outputs",
  artifactsDir: c.artifactsDir ?? "artifacts",
  chartsDir: c.chartsDir ?? "charts",
  cacheDir: c.cacheDir === undefined ? ".cache/features" : c.cacheDir,
  split: c.split ?? "seed",
  epochs: c.epochs ?? 100,
  seed: c.seed ?? 42,
  log: c.log ?? ((m: string) => console.error(m)),
});

/**
 * Decide which corpus to use: `dataDir` when it holds at least one labelled clip, otherwise the synthetic demo corpus
 * (generated into `demoDir` on first use, and regenerated when the generator version changes) unless
 * `demoFallback` is false.
 *
 * @throws {Error} With `demoFallback: false`, if `dataDir` is missing or holds no recognised clip.
 *
 * @example
 * const source = await resolveDataSource({ dataDir: "dataset" });
 */
export async function resolveDataSource(
  config: PipelineConfig = {},
): Promise<{ source: DataSource; discovery: Discovery }> {
  const c = defaults(config);
  const exists = await Deno.stat(c.dataDir).then((s) => s.isDirectory, () => false);
  if (!exists && config.demoFallback === false) throw new Error(`${c.dataDir}: no such folder`);
  if (exists) {
    let bar: ReturnType<typeof progressBar> | null = null;
    const discovery = await discoverCorpus(c.dataDir, {
      includeBoredom: config.includeBoredom,
      // Hashing thousands of files takes a while: show progress on corpora of real size.
      onProgress: (_done, total) => {
        bar ??= progressBar(total, "discover", { quiet: config.quiet || total < 500 });
        bar.tick();
      },
    });
    (bar as ReturnType<typeof progressBar> | null)?.stop();
    if (discovery.entries.length > 0) {
      const kind = discovery.synthetic ? "synthetic" : "real";
      const corpora = countBy(discovery.entries.map((e) => e.corpus)).map(([k, n]) => `${k} ${n}`).join(", ");
      return {
        source: {
          root: c.dataDir,
          kind,
          note: `${c.dataDir}/: ${discovery.entries.length} ${
            kind === "synthetic" ? "SYNTHETIC " : ""
          }clips (${corpora})`,
        },
        discovery,
      };
    }
  }
  if (config.demoFallback === false) {
    throw new Error(
      `${c.dataDir}: no RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB clips found (see the README's data layouts)`,
    );
  }
  const marker = await Deno.readTextFile(join(c.demoDir, SYNTHETIC_MARKER)).then((t) => JSON.parse(t), () => null);
  if (
    !marker || marker.version !== DEMO_CORPUS_VERSION || marker.seed !== 42 ||
    marker.files?.length !== planDemoCorpus(42).length
  ) {
    c.log(`${c.dataDir}/ holds no corpus: generating the synthetic demo corpus in ${c.demoDir}/ …`);
    const bar = progressBar(planDemoCorpus(42).length, "demo-data", { quiet: config.quiet });
    await Deno.remove(c.demoDir, { recursive: true }).catch(() => {});
    await writeDemoCorpus(c.demoDir, { seed: 42, onClip: () => bar.tick() });
    bar.stop();
  }
  const discovery = await discoverCorpus(c.demoDir);
  return {
    source: {
      root: c.demoDir,
      kind: "synthetic",
      note:
        `${c.dataDir}/ holds no corpus, so this run uses the SYNTHETIC demo corpus (${discovery.entries.length} generated clips in ${c.demoDir}/). ` +
        `Its numbers say nothing about real speech; put RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB under ${c.dataDir}/ to train on recordings.`,
    },
    discovery,
  };
}

/**
 * Discover, extract (cached, parallel) and split; write the data outputs (manifest, skipped, distributions, split,
 * feature table).
 *
 * @throws {Error} If fewer than 3 clips have features, or the speaker split leaves a part empty.
 * @example
 * const data = await prepareData({ dataDir: "dataset", split: "speaker" });
 */
export async function prepareData(config: PipelineConfig = {}): Promise<PreparedData> {
  const c = defaults(config);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (k: string) => {
    timings[k] = (performance.now() - t) / 1000;
    t = performance.now();
  };
  const { source, discovery } = await resolveDataSource(config);
  c.log(`data: ${source.note}`);
  if (discovery.skipped.length) {
    c.log(`data: ${discovery.skipped.length} files skipped (reasons in ${c.outputsDir}/skipped.csv)`);
  }
  lap("discover");
  const info = resamplerInfo();
  c.log(
    `features: resampler ${info.name}${
      info.librosaIdentical
        ? " (libsoxr, librosa-identical)"
        : " (TypeScript fallback: close to, not identical with, librosa)"
    }`,
  );
  const table = await extractCorpus(source.root, discovery.entries, {
    workers: config.workers,
    cacheDir: c.cacheDir,
    quiet: config.quiet,
  });
  c.log(
    `features: ${table.paths.length} clips (${table.stats.cached} from cache, ${table.stats.computed} computed, ${table.stats.failed} failed) in ${
      table.stats.seconds.toFixed(1)
    } s`,
  );
  lap("extract");
  const byPath = new Map(discovery.entries.map((e) => [e.path, e]));
  const rows = table.paths.map((p) => byPath.get(p)!);
  if (rows.length < 3) {
    throw new Error(`only ${rows.length} clips have features; a train/val/test split needs at least 3`);
  }
  const classes = [...new Set(rows.map((r) => r.emotion as string))].sort();
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.emotion));
  let split: SplitName[], splitNotes: string[];
  if (c.split === "speaker") {
    ({ split, notes: splitNotes } = speakerSplit(rows.map((r) => r.speaker), rows.map((r) => r.corpus), {
      seed: c.seed,
    }));
  } else {
    split = seedSplit(rows.map((r) => r.emotion), { seed: c.seed });
    splitNotes = [
      "seed split: 70 % train stratified by emotion, the rest halved at random into val and test (clip-level: speakers overlap)",
    ];
  }
  for (const part of ["train", "val", "test"] as const) {
    if (!split.includes(part)) {
      throw new Error(`the ${c.split} split left no clips for ${part}; add speakers or use --split seed`);
    }
  }
  await writeDataOutputs(c.outputsDir, discovery, table, split);
  lap("split");
  return { source, discovery, table, rows, classes, y, split, splitNotes, timings };
}

/** What a finished run reports. */
export interface RunSummary {
  source: DataSource;
  classes: string[];
  counts: { train: number; val: number; test: number };
  testAccuracy: number;
  testLoss: number;
  report: ClassificationReport;
  confusion: number[][];
  history: EpochRecord[];
  bestEpoch: number;
  timings: Record<string, number>;
  outputsDir: string;
  artifactsDir: string;
  chartsDir: string;
  backend: string;
}

/** A trained model and what evaluation needs to know about its training. */
export interface TrainedRun {
  model: Artifacts["model"];
  scaler: Scaler;
  metadata: ModelMetadata;
  history: EpochRecord[];
  /** 0-based epoch whose weights the model holds. */
  bestEpoch: number;
  stoppedEarly: boolean;
  counts: { train: number; val: number; test: number };
  timings: Record<string, number>;
}

function subset(
  data: PreparedData,
  part: SplitName,
  scaler: Scaler | null,
): { x: Float32Array; y: Int32Array; idx: number[] } {
  const idx = data.split.flatMap((s, i) => (s === part ? [i] : []));
  const x = new Float32Array(idx.length * FEATURE_COUNT);
  idx.forEach((r, k) => x.set(data.table.data.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), k * FEATURE_COUNT));
  return { x: scaler ? applyScaler(scaler, x) : x, y: Int32Array.from(idx, (i) => data.y[i]), idx };
}

const countsOf = (data: PreparedData) => ({
  train: data.split.filter((s) => s === "train").length,
  val: data.split.filter((s) => s === "val").length,
  test: data.split.filter((s) => s === "test").length,
});

/**
 * Fit the scaler on the training split only, train the seed's MLP with its recipe (checkpointing the best
 * val_accuracy model to `artifacts/best/` as it goes), and write the artifacts and `training_history.csv`.
 *
 * @example
 * const run = await trainStage(await prepareData(), { epochs: 100 });
 */
export async function trainStage(data: PreparedData, config: PipelineConfig = {}): Promise<TrainedRun> {
  const c = defaults(config);
  const t = performance.now();
  const backend = await initBackend();
  const scaler = fitScaler(subset(data, "train", null).x, FEATURE_COUNT);
  const train = subset(data, "train", scaler), val = subset(data, "val", scaler);
  const counts = countsOf(data);
  c.log(`split (${c.split}): train ${counts.train}, val ${counts.val}, test ${counts.test}`);
  for (const n of data.splitNotes) c.log(`  ${n}`);
  c.log(
    `train: seed MLP (277,192 parameters for 195 features and 8 classes), tfjs ${backend.tfjs} ${backend.name}${
      backend.simd ? " SIMD" : ""
    }, up to ${c.epochs} epochs`,
  );
  const model = await withSeededRandom(
    c.seed,
    () => buildSeedMlp({ inputDim: FEATURE_COUNT, numClasses: data.classes.length }),
  );
  const result = await withSeededRandom(c.seed, () =>
    trainModel(model, train, val, {
      epochs: c.epochs,
      seed: c.seed,
      onBestAccuracy: () => saveModel(model, join(c.artifactsDir, "best")),
      onEpoch: (r) => {
        config.onEpoch?.(r, c.epochs);
        c.log(
          `  epoch ${String(r.epoch + 1).padStart(3)}/${c.epochs}  loss ${r.loss.toFixed(4)}  acc ${
            r.accuracy.toFixed(4)
          }  ` +
            `val_loss ${r.valLoss.toFixed(4)}  val_acc ${r.valAccuracy.toFixed(4)}  lr ${r.lr.toExponential(1)}  ${
              r.seconds.toFixed(1)
            } s`,
        );
      },
    }));
  const totalParams = model.countParams();
  const trainable = model.trainableWeights.reduce((s, w) => s + w.read().size, 0);
  const metadata: ModelMetadata = {
    architecture: "Sequential MLP 512-256-128-64 (ReLU, Dropout 0.3/0.3/0.3/0.2, BatchNorm) + softmax",
    input_features: FEATURE_COUNT,
    num_classes: data.classes.length,
    classes: data.classes,
    test_accuracy: null,
    test_loss: null,
    total_parameters: totalParams,
    trainable_parameters: trainable,
    non_trainable_parameters: totalParams - trainable,
    samples: counts,
    feature_groups: Object.fromEntries(FEATURE_GROUPS.map((g) => [g.name, g.size])),
    feature_config: FEATURE_CONFIG,
    feature_revision: FEATURE_REVISION,
    resampler: resamplerInfo().name,
    backend: `${backend.name}${backend.simd ? "-simd" : ""}`,
    seed: c.seed,
    split: c.split,
    data_source: {
      kind: data.source.kind,
      root: data.source.root,
      corpora: Object.fromEntries(countBy(data.rows.map((r) => r.corpus))),
    },
    best_epoch: result.bestEpoch + 1,
    epochs_run: result.history.length,
    created: new Date().toISOString(),
    versions: await runVersions(backend.tfjs),
    decoders: decodersUsed(data),
  };
  await saveArtifacts(c.artifactsDir, { model, scaler, labels: data.classes, metadata });
  await writeCsv(
    join(c.outputsDir, "training_history.csv"),
    ["epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr", "seconds"],
    result.history.map((h) => [h.epoch + 1, h.loss, h.valLoss, h.accuracy, h.valAccuracy, h.lr, h.seconds]),
  );
  return {
    model,
    scaler,
    metadata,
    history: result.history,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    counts,
    timings: { train: (performance.now() - t) / 1000 },
  };
}

/**
 * Load a trained run back from `artifacts/` and `outputs/training_history.csv` (so evaluation can run without
 * retraining, e.g. in notebook 04).
 *
 * @throws {ArtifactError} If the artifacts are missing or inconsistent.
 */
export async function loadTrainedRun(data: PreparedData, config: PipelineConfig = {}): Promise<TrainedRun> {
  const c = defaults(config);
  await initBackend();
  const a = await loadArtifacts(c.artifactsDir);
  const history = parseCsv(await Deno.readTextFile(join(c.outputsDir, "training_history.csv")).catch(() => "epoch\n"))
    .map((r) => ({
      epoch: Number(r.epoch) - 1,
      loss: Number(r.train_loss),
      valLoss: Number(r.val_loss),
      accuracy: Number(r.train_accuracy),
      valAccuracy: Number(r.val_accuracy),
      lr: Number(r.lr),
      seconds: Number(r.seconds),
    }));
  if (JSON.stringify(a.labels) !== JSON.stringify(data.classes)) {
    throw new ArtifactError(
      `${c.artifactsDir}: trained on classes ${a.labels.join(", ")} but the data has ${
        data.classes.join(", ")
      }; retrain`,
    );
  }
  return {
    model: a.model,
    scaler: a.scaler,
    metadata: a.metadata,
    history,
    bestEpoch: a.metadata.best_epoch - 1,
    stoppedEarly: false,
    counts: countsOf(data),
    timings: {},
  };
}

/**
 * Evaluate a trained run on the test split and write everything a reader looks at: metrics tables
 * (`classification_report.csv`, `confusion_matrix.csv`, `per_class_accuracy.csv`, `test_predictions.csv`,
 * `test_results.json`), the seed's charts 01–11 (SVG + PNG), `report.html`, `run.json`, `file_summary.txt`, and the
 * test results in `model_metadata.json`.
 *
 * @example
 * const summary = await evaluateStage(data, run);
 */
export async function evaluateStage(
  data: PreparedData,
  run: TrainedRun,
  config: PipelineConfig = {},
  started = new Date(),
): Promise<RunSummary> {
  const c = defaults(config);
  const timings = { ...data.timings, ...run.timings };
  let t = performance.now();
  const test = subset(data, "test", run.scaler);
  const counts = run.counts;
  const ev = evaluateModel(run.model, test, data.classes.length);
  const pred = argmaxRows(ev.probabilities, data.classes.length);
  const cm = confusionMatrix(test.y, pred, data.classes.length);
  const report = classificationReport(cm, data.classes);
  timings.evaluate = (performance.now() - t) / 1000;
  t = performance.now();
  c.log(
    `test: accuracy ${(100 * ev.accuracy).toFixed(2)} %, loss ${ev.loss.toFixed(4)} on ${counts.test} clips${
      data.source.kind === "synthetic" ? " (SYNTHETIC data)" : ""
    }`,
  );
  const out = c.outputsDir;
  const metadata: ModelMetadata = { ...run.metadata, test_accuracy: ev.accuracy, test_loss: ev.loss };
  await writeFileAtomic(join(c.artifactsDir, "model_metadata.json"), JSON.stringify(metadata, null, 2));
  for (
    const [name, table] of [
      ["classification_report.csv", classificationReportTable(report)],
      ["confusion_matrix.csv", confusionMatrixTable(cm, data.classes)],
      ["per_class_accuracy.csv", perClassAccuracyTable(report)],
    ] as const
  ) await writeCsv(join(out, name), table.columns, table.rows);
  await writeCsv(
    join(out, "test_predictions.csv"),
    ["path", "true", "predicted", "confidence"],
    test.idx.map((
      r,
      k,
    ) => [
      data.rows[r].path,
      data.classes[test.y[k]],
      data.classes[pred[k]],
      ev.probabilities[k * data.classes.length + pred[k]],
    ]),
  );
  await writeFileAtomic(
    join(out, "test_results.json"),
    JSON.stringify(
      {
        test_accuracy: ev.accuracy,
        test_loss: ev.loss,
        num_test_samples: counts.test,
        num_classes: data.classes.length,
        classes: data.classes,
        data_source: data.source.kind,
      },
      null,
      2,
    ),
  );
  timings.outputs = (performance.now() - t) / 1000;
  t = performance.now();
  const note = data.source.kind === "synthetic"
    ? "SYNTHETIC demo corpus: generated signals, not recordings of people"
    : undefined;
  const charts = runCharts({
    ...corpusCounts(data.rows),
    history: run.history.map((h) => ({ ...h, epoch: h.epoch + 1 })),
    bestEpoch: run.bestEpoch + 1,
    classes: data.classes,
    confusion: cm,
    confusionPercent: normalizeRows(cm),
    scores: data.classes.map((label, i) => ({ label, ...report.perClass[i] })),
    accuracy: ev.accuracy,
    testCounts: data.classes.map((label, i) => ({ label, count: report.perClass[i].support })),
    note,
  });
  for (const chart of charts) await chart.save(c.chartsDir);
  timings.charts = (performance.now() - t) / 1000;
  const skippedAll = [...data.discovery.skipped, ...data.table.failures];
  const reasons = countBy(skippedAll.map((s) => s.reason.replace(/"[^"]*"/g, "“…”").replace(/^\S+\.wav: /, "")));
  const crt = classificationReportTable(report);
  await writeFileAtomic(
    join(out, "report.html"),
    renderRunReport({
      title: `Speech emotion recognition run — ${(100 * ev.accuracy).toFixed(2)} % test accuracy`,
      banner: data.source.kind === "synthetic" ? `SYNTHETIC DATA: ${data.source.note}` : undefined,
      summary: [
        ["Data", data.source.note],
        ["Data kind", data.source.kind === "synthetic" ? "synthetic (generated demo corpus)" : "real recordings"],
        ["Clips", `${data.rows.length} with features; ${skippedAll.length} skipped`],
        [
          "Split",
          `${c.split}: train ${counts.train}, val ${counts.val}, test ${counts.test} — ${data.splitNotes.join("; ")}`,
        ],
        ["Seed", String(metadata.seed)],
        [
          "Model",
          `${metadata.architecture}; ${metadata.total_parameters.toLocaleString("en-US")} parameters (${
            metadata.trainable_parameters.toLocaleString("en-US")
          } trainable)`,
        ],
        [
          "Training",
          `${run.history.length} epochs (best val_loss at epoch ${run.bestEpoch + 1}${
            run.stoppedEarly ? ", stopped early" : ""
          }); backend ${metadata.backend}`,
        ],
        [
          "Test",
          `accuracy ${(100 * ev.accuracy).toFixed(2)} %, loss ${ev.loss.toFixed(4)}, macro F1 ${
            (100 * report.macro.f1).toFixed(2)
          } %`,
        ],
        ["Features", `195 librosa-identical features; resampler ${metadata.resampler}`],
        ["Timings", Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")],
        ["Versions", Object.entries(metadata.versions).map(([k, v]) => `${k} ${v}`).join(" · ")],
        ["Started", started.toISOString()],
      ],
      tables: [
        {
          caption: "Classification report (test set)",
          columns: ["class", ...crt.columns.slice(1)],
          rows: crt.rows.map((r) => r.map((x) => (typeof x === "number" ? x : String(x ?? "")))),
        },
        {
          caption: "Test results",
          columns: ["metric", "value"],
          rows: [["accuracy", ev.accuracy], ["loss", ev.loss], ["test clips", counts.test], [
            "classes",
            data.classes.length,
          ]],
        },
      ],
      charts,
      skipped: reasons.map(([reason, count]) => ({ reason, count })),
      skippedFile: join(out, "skipped.csv"),
    }),
  );
  await writeFileAtomic(
    join(out, "run.json"),
    JSON.stringify(
      {
        started: started.toISOString(),
        finished: new Date().toISOString(),
        config: {
          dataDir: c.dataDir,
          split: c.split,
          epochs: c.epochs,
          seed: c.seed,
          workers: config.workers ?? navigator.hardwareConcurrency,
          cacheDir: c.cacheDir,
        },
        data_source: data.source,
        counts: { clips: data.rows.length, skipped: skippedAll.length, ...counts },
        split_notes: data.splitNotes,
        resampler: resamplerInfo(),
        decoders: { ...(await audioDecoders()), ...decodersUsed(data) },
        features: { config: FEATURE_CONFIG, revision: FEATURE_REVISION },
        backend: metadata.backend,
        versions: metadata.versions,
        timings_seconds: timings,
        best_epoch: run.bestEpoch + 1,
        stopped_early: run.stoppedEarly,
        test: { accuracy: ev.accuracy, loss: ev.loss },
      },
      null,
      2,
    ),
  );
  await writeFileSummary(out, c.chartsDir, c.artifactsDir);
  return {
    source: data.source,
    classes: data.classes,
    counts,
    testAccuracy: ev.accuracy,
    testLoss: ev.loss,
    report,
    confusion: cm,
    history: run.history,
    bestEpoch: run.bestEpoch,
    timings,
    outputsDir: out,
    artifactsDir: c.artifactsDir,
    chartsDir: c.chartsDir,
    backend: metadata.backend,
  };
}

/**
 * Run everything: {@linkcode prepareData} → {@linkcode trainStage} → {@linkcode evaluateStage}.
 *
 * @example
 * const s = await runPipeline({ epochs: 100 });
 * console.log(s.testAccuracy);
 */
export async function runPipeline(config: PipelineConfig = {}): Promise<RunSummary> {
  const started = new Date();
  const data = await prepareData(config);
  const run = await trainStage(data, config);
  return await evaluateStage(data, run, config, started);
}

/** Deno, tfjs and the native libraries behind the audio stage, for metadata and run records. */
async function runVersions(tfjs: string): Promise<Record<string, string>> {
  const d = await audioDecoders();
  return {
    deno: Deno.version.deno,
    tfjs,
    libsoxr: resamplerInfo().version ?? "none",
    libsndfile: d.libsndfile ?? "none",
    ffmpeg: d.ffmpeg ?? "none",
  };
}

/** Clips per container and per decoder among the rows used. */
function decodersUsed(data: PreparedData): { containers: Record<string, number>; by_decoder: Record<string, number> } {
  return {
    containers: Object.fromEntries(countBy(data.rows.map((r) => r.container))),
    by_decoder: Object.fromEntries(countBy(data.rows.map((r) => r.decoder))),
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, prefix: string) {
    for await (const e of Deno.readDir(d)) {
      if (e.isDirectory) await walk(join(d, e.name), `${prefix}${e.name}/`);
      else if (e.name !== "README.md") out.push(`${prefix}${e.name}`);
    }
  }
  await walk(dir, "").catch(() => {});
  return out.sort();
}

/** `file_summary.txt`: what the run left in charts/, outputs/ and artifacts/, with a timestamp. */
async function writeFileSummary(outputsDir: string, chartsDir: string, artifactsDir: string): Promise<void> {
  const lines = [`Speech emotion recognition run — file summary`, `Generated: ${new Date().toISOString()}`, ""];
  for (const [label, dir] of [["Charts", chartsDir], ["Outputs", outputsDir], ["Artifacts", artifactsDir]] as const) {
    const files = (await listFiles(dir)).filter((f) => f !== "file_summary.txt");
    if (label === "Outputs") files.push("file_summary.txt");
    lines.push(`${label} (${dir}/): ${files.length} files`, ...files.sort().map((f) => `  ${f}`), "");
  }
  await writeFileAtomic(join(outputsDir, "file_summary.txt"), lines.join("\n"));
}

/**
 * Long-format values of some feature columns for every clip with features (plain data for
 * `featureDistributionChart`).
 *
 * @param names Feature names from `FEATURE_NAMES`, e.g. `["mfcc_0", "zcr", "rolloff"]`.
 * @throws {RangeError} If a name is not a feature column.
 * @example
 * featureDistributionChart(featureValues(data, ["mfcc_0", "rolloff"]));
 */
export function featureValues(
  data: PreparedData,
  names: readonly string[],
): { emotion: string; feature: string; value: number }[] {
  const cols = names.map((n) => {
    const i = data.table.names.indexOf(n);
    if (i < 0) throw new RangeError(`unknown feature column "${n}" (expected one of mfcc_0 … rolloff)`);
    return i;
  });
  return data.rows.flatMap((r, row) =>
    cols.map((col, k) => ({ emotion: r.emotion, feature: names[k], value: data.table.data[row * FEATURE_COUNT + col] }))
  );
}
