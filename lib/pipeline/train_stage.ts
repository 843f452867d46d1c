import { join } from "node:path";
import { resamplerInfo } from "../audio/resample.ts";
import { audioDecoders } from "../audio/audio_reader.ts";
import { countBy, type SplitName } from "../data/mod.ts";
import { FEATURE_GROUPS } from "../features/extract_features.ts";
import { FEATURE_SETS } from "../features/feature_sets.ts";
import { parseCsv, writeCsv } from "../io/mod.ts";
import {
  ArtifactError,
  type EpochRecord,
  initBackend,
  loadArtifacts,
  type ModelFamily,
  modelFamily,
  type ModelMetadata,
  saveArtifacts,
  saveModel,
} from "../model/mod.ts";
import { type FitData, fitFamily, type FittedFamily } from "./_fit.ts";
import { appendAugmented, extractAugmented } from "./_augmented.ts";
import { defaults, type PipelineConfig, type PreparedData } from "./config.ts";
/** A trained model and what evaluation needs to know about its training. */
export interface TrainedRun {
  /** The fitted family: main model (and scaler), fallback and gender models. */
  fitted: FittedFamily;
  metadata: ModelMetadata;
  history: EpochRecord[];
  /** 0-based epoch whose weights the model holds. */
  bestEpoch: number;
  stoppedEarly: boolean;
  counts: { train: number; val: number; test: number };
  timings: Record<string, number>;
}

/** Row indices of one split part. */
export function partRows(data: PreparedData, part: SplitName): number[] {
  return data.split.flatMap((s, i) => (s === part ? [i] : []));
}

/** Clip counts per split part. */
export const countsOf = (data: PreparedData) => ({
  train: data.split.filter((s) => s === "train").length,
  val: data.split.filter((s) => s === "val").length,
  test: data.split.filter((s) => s === "test").length,
});

/** The table's rows as {@linkcode FitData} (labels, speakers, genders). */
export function fitDataOf(data: PreparedData): FitData {
  return {
    x: data.table.data,
    dim: data.table.dim,
    y: data.y,
    numClasses: data.classes.length,
    speakers: data.rows.map((r) => r.speaker),
    genders: data.rows.map((r) => r.gender),
  };
}

/** The model family and speaker normalisation a config asks for. */
export function familyOf(config: PipelineConfig): { family: ModelFamily; speakerNorm: "speaker" | "none" } {
  const family = modelFamily(config.model ?? "seed-mlp");
  return { family, speakerNorm: config.speakerNorm ?? family.defaultSpeakerNorm };
}

/**
 * Train a model family on the training split (scalers fitted on it only; early stopping on the validation split):
 * the seed MLP with its recipe by default (checkpointing the best val_accuracy model to `artifacts/best/` as it goes),
 * or the `pooled-mlp` ensemble, per-speaker normalised with a global fallback; plus a gender model when the data has
 * both genders. Writes the artifacts and `training_history.csv`.
 *
 * @throws {Error} If the prepared features are not the family's feature set, or speaker normalisation meets clips
 *   without a speaker.
 * @example
 * const run = await trainStage(await prepareData(), { epochs: 100 });
 */
export async function trainStage(data: PreparedData, config: PipelineConfig = {}): Promise<TrainedRun> {
  const c = defaults(config);
  const t = performance.now();
  const backend = await initBackend();
  const { family, speakerNorm } = familyOf(config);
  if (data.table.featureSet !== family.featureSet) {
    throw new Error(
      `${family.name} trains on the ${family.featureSet} features, but the data has ${data.table.featureSet}`,
    );
  }
  const counts = countsOf(data);
  const epochs = c.epochs ?? family.recipe.epochs!;
  c.log(`split (${c.split}): train ${counts.train}, val ${counts.val}, test ${counts.test}`);
  for (const n of data.splitNotes) c.log(`  ${n}`);
  const probe = family.build(data.table.dim, data.classes.length);
  const params = probe.countParams();
  probe.dispose();
  c.log(
    `train: ${family.name} (${family.description}; ${
      params.toLocaleString("en-US")
    } parameters per member for ${data.table.dim} features and ${data.classes.length} classes), ` +
      `speaker normalisation ${speakerNorm}, tfjs ${backend.tfjs} ${backend.name}${
        backend.simd ? " SIMD" : ""
      }, up to ${epochs} epochs`,
  );
  if (speakerNorm === "speaker") {
    c.log(
      "  speaker normalisation is transductive: each speaker's clips are standardised by that speaker's own statistics",
    );
  }
  let fit = fitDataOf(data), trainRows = partRows(data, "train");
  const copies = config.augment ?? 0;
  if (copies > 0) {
    const aug = await extractAugmented(
      data.source.root,
      data.rows,
      data.split.map((s) => s === "train"),
      family.featureSet,
      {
        copies,
        seed: c.seed,
        config,
      },
    );
    trainRows = [...trainRows, ...aug.rows.map((_, j) => fit.y.length + j)];
    fit = appendAugmented(fit, aug);
    c.log(`  ${aug.rows.length} augmented copies join the training split only (validation and test are untouched)`);
  }
  const fitted = await fitFamily(fit, trainRows, partRows(data, "val"), {
    family,
    speakerNorm,
    seed: c.seed,
    epochs,
    onBestAccuracy: family.members === 1 ? (model) => saveModel(model, join(c.artifactsDir, "best")) : undefined,
    onEpoch: (r) => {
      config.onEpoch?.(r, epochs);
      c.log(
        `  epoch ${String(r.epoch + 1).padStart(3)}/${epochs}  loss ${r.loss.toFixed(4)}  acc ${
          r.accuracy.toFixed(4)
        }  ` +
          `val_loss ${r.valLoss.toFixed(4)}  val_acc ${r.valAccuracy.toFixed(4)}  lr ${r.lr.toExponential(1)}  ${
            r.seconds.toFixed(1)
          } s`,
      );
    },
  });
  if (family.members > 1) {
    c.log(`  trained ${family.members} members${fitted.fallback ? " (and as many for the global fallback)" : ""}`);
  }
  if (fitted.gender) c.log("  trained the gender model");
  const model = fitted.main.model;
  const totalParams = model.countParams();
  const trainable = model.trainableWeights.reduce((s, w) => s + w.read().size, 0);
  const set = FEATURE_SETS[family.featureSet];
  const metadata: ModelMetadata = {
    architecture: family.description,
    origin: "trained here",
    model_family: family.name,
    feature_set: set.name,
    speaker_norm: speakerNorm,
    ensemble_members: family.members,
    augment_copies: copies,
    gender_classes: fitted.gender?.classes,
    input_features: set.count,
    num_classes: data.classes.length,
    classes: data.classes,
    test_accuracy: null,
    test_loss: null,
    total_parameters: totalParams,
    trainable_parameters: trainable,
    non_trainable_parameters: totalParams - trainable,
    samples: counts,
    feature_groups: set.name === "seed"
      ? Object.fromEntries(FEATURE_GROUPS.map((g) => [g.name, g.size]))
      : { pooled_frame_descriptors: 665, f0_and_voicing: 6, voice_quality: 5 },
    feature_config: set.config,
    feature_revision: set.revision,
    resampler: resamplerInfo().name,
    backend: `${backend.name}${backend.simd ? "-simd" : ""}`,
    seed: c.seed,
    split: c.split,
    data_source: {
      kind: data.source.kind,
      root: data.source.root,
      corpora: Object.fromEntries(countBy(data.rows.map((r) => r.corpus))),
    },
    best_epoch: fitted.bestEpoch + 1,
    epochs_run: fitted.history.length,
    created: new Date().toISOString(),
    versions: await runVersions(backend.tfjs),
    decoders: decodersUsed(data),
    label_set: data.discovery.labelSet,
  };
  await saveArtifacts(c.artifactsDir, {
    model,
    scaler: fitted.main.scaler,
    labels: data.classes,
    metadata,
    labelSet: data.discovery.labelSet,
    fallback: fitted.fallback,
    gender: fitted.gender,
  });
  // An ensemble has no single best-epoch checkpoint: drop one left by an earlier run of another family.
  if (family.members > 1) await Deno.remove(join(c.artifactsDir, "best"), { recursive: true }).catch(() => {});
  await writeCsv(
    join(c.outputsDir, "training_history.csv"),
    ["epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr", "seconds"],
    fitted.history.map((h) => [h.epoch + 1, h.loss, h.valLoss, h.accuracy, h.valAccuracy, h.lr, h.seconds]),
  );
  return {
    fitted,
    metadata,
    history: fitted.history,
    bestEpoch: fitted.bestEpoch,
    stoppedEarly: fitted.stoppedEarly,
    counts,
    timings: { train: (performance.now() - t) / 1000 },
  };
}

/**
 * Load a trained run back from `artifacts/` and `outputs/training_history.csv` (so evaluation can run without
 * retraining, e.g. in notebook 04).
 *
 * @throws {ArtifactError} If the artifacts are missing or inconsistent, or trained on other classes.
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
  const family = modelFamily(a.metadata.model_family ?? "seed-mlp");
  const fitted: FittedFamily = {
    family,
    speakerNorm: a.metadata.speaker_norm ?? "none",
    main: { model: a.model, scaler: a.scaler },
    fallback: a.fallback ?? null,
    gender: a.gender ?? null,
    history,
    bestEpoch: a.metadata.best_epoch - 1,
    stoppedEarly: false,
  };
  return {
    fitted,
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
