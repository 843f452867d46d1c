import { join } from "node:path";
import { resamplerInfo } from "../audio/resample.ts";
import { audioDecoders } from "../audio/audio_reader.ts";
import { countBy, type SplitName } from "../data/mod.ts";
import { FEATURE_CONFIG, FEATURE_COUNT, FEATURE_GROUPS, FEATURE_REVISION } from "../features/extract_features.ts";
import { parseCsv, writeCsv } from "../io/mod.ts";
import {
  applyScaler,
  ArtifactError,
  type Artifacts,
  buildSeedMlp,
  type EpochRecord,
  fitScaler,
  initBackend,
  loadArtifacts,
  type ModelMetadata,
  saveArtifacts,
  saveModel,
  type Scaler,
  trainModel,
  withSeededRandom,
} from "../model/mod.ts";
import { defaults, type PipelineConfig, type PreparedData } from "./config.ts";
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

/** Rows of one split part, optionally scaled (private to the pipeline). */
export function subset(
  data: PreparedData,
  part: SplitName,
  scaler: Scaler | null,
): { x: Float32Array; y: Int32Array; idx: number[] } {
  const idx = data.split.flatMap((s, i) => (s === part ? [i] : []));
  const x = new Float32Array(idx.length * FEATURE_COUNT);
  idx.forEach((r, k) => x.set(data.table.data.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), k * FEATURE_COUNT));
  return { x: scaler ? applyScaler(scaler, x) : x, y: Int32Array.from(idx, (i) => data.y[i]), idx };
}

/** Clip counts per split part. */
export const countsOf = (data: PreparedData) => ({
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
  const model = await withSeededRandom(
    c.seed,
    () => buildSeedMlp({ inputDim: FEATURE_COUNT, numClasses: data.classes.length }),
  );
  c.log(
    `train: seed MLP (${
      model.countParams().toLocaleString("en-US")
    } parameters for ${FEATURE_COUNT} features and ${data.classes.length} classes), tfjs ${backend.tfjs} ${backend.name}${
      backend.simd ? " SIMD" : ""
    }, up to ${c.epochs} epochs`,
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
    label_set: data.discovery.labelSet,
  };
  await saveArtifacts(c.artifactsDir, {
    model,
    scaler,
    labels: data.classes,
    metadata,
    labelSet: data.discovery.labelSet,
  });
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

/** Deno, tfjs and the native libraries behind the audio stage, for metadata and run records. */
export async function runVersions(tfjs: string): Promise<Record<string, string>> {
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
export function decodersUsed(
  data: PreparedData,
): { containers: Record<string, number>; by_decoder: Record<string, number> } {
  return {
    containers: Object.fromEntries(countBy(data.rows.map((r) => r.container))),
    by_decoder: Object.fromEntries(countBy(data.rows.map((r) => r.decoder))),
  };
}
