/**
 * Stage 2, train: fit the model family in every use mode (with augmented copies where the family asks for
 * them), keep the history, and save the artifacts and metadata atomically.
 *
 * @module
 */
import { join } from "node:path";
import { parseCsv, writeCsv } from "../../io/mod.ts";
import {
  ArtifactError,
  DEFAULT_ADVERSARY_WEIGHT,
  DEFAULT_FAMILY,
  type EpochRecord,
  type FitData,
  type FittedFamily,
  initBackend,
  loadArtifacts,
  type ModelFamily,
  modelFamily,
  type ModelMetadata,
  saveArtifacts,
  saveModel,
  USE_MODES,
  type UseModeName,
} from "../../model/mod.ts";
import { appendAugmented, extractAugmented } from "./_augmented.ts";
import { defaults, type PipelineConfig, type PreparedData, recipeFitOptions } from "./config.ts";
import { trainingMetadata } from "./run_metadata.ts";
import type { SplitName } from "../../data/mod.ts";

/** A trained model and what evaluation needs to know about its training. */
export interface TrainedRun {
  /** The fitted family: one model per mode, and the gender model. */
  fitted: FittedFamily;
  metadata: ModelMetadata;
  history: EpochRecord[];
  /** 0-based epoch whose weights the global model holds. */
  bestEpoch: number;
  stoppedEarly: boolean;
  counts: { train: number; val: number; test: number };
  timings: Record<string, number>;
}

/** Row indices of one split part. */
export function partRows(data: Pick<PreparedData, "split">, part: SplitName): number[] {
  return data.split.flatMap((s, i) => (s === part ? [i] : []));
}

/** Clip counts per split part. */
export const countsOf = (data: Pick<PreparedData, "split">) => ({
  train: data.split.filter((s) => s === "train").length,
  val: data.split.filter((s) => s === "val").length,
  test: data.split.filter((s) => s === "test").length,
});

/** The table's rows as {@linkcode FitData} (labels, speakers, genders, lengths). */
export function fitDataOf(data: PreparedData): FitData {
  return {
    x: data.table.data,
    dim: data.table.dim,
    y: data.y,
    classes: data.classes,
    speakers: data.rows.map((r) => r.speaker),
    genders: data.rows.map((r) => r.gender),
    corpora: data.rows.map((r) => r.corpus),
    seconds: data.seconds,
  };
}

/** The model family and the modes a config asks for (the family's defaults unless it names some). */
export function familyOf(config: PipelineConfig): { family: ModelFamily; modes: UseModeName[] } {
  const family = modelFamily(config.model ?? DEFAULT_FAMILY.name);
  const modes = config.modes ?? [...family.defaultModes];
  return { family, modes: modes.includes("global") ? modes : ["global", ...modes] };
}

/** Epochs to train: `config.epochs`, else the family's recipe (with `--split none`, its `finalEpochs`). */
export function epochsOf(config: PipelineConfig, family: ModelFamily): number {
  return config.epochs ?? (config.split === "none" ? family.finalEpochs : family.recipe.epochs!);
}

/** One log line per epoch. */
function epochLine(r: EpochRecord, epochs: number): string {
  const v = (x: number) => (Number.isNaN(x) ? "  —   " : x.toFixed(4));
  return `  epoch ${String(r.epoch + 1).padStart(3)}/${epochs}  loss ${r.loss.toFixed(4)}  acc ${
    r.accuracy.toFixed(4)
  }  ` +
    `val_loss ${v(r.valLoss)}  val_acc ${v(r.valAccuracy)}  lr ${r.lr.toExponential(1)}  ${r.seconds.toFixed(1)} s`;
}

/** Say what will be trained: split, family, parameters, modes, backend, epochs. */
function logPlan(data: PreparedData, config: PipelineConfig, plan: ReturnType<typeof familyOf>, backend: string) {
  const c = defaults(config), counts = countsOf(data), { family, modes } = plan;
  c.log(`split (${c.split}): train ${counts.train}, val ${counts.val}, test ${counts.test}`);
  for (const n of data.splitNotes) c.log(`  ${n}`);
  const probe = family.build(data.table.dim, data.classes.length);
  const params = probe.countParams();
  probe.dispose();
  c.log(
    `train: ${family.name} (${family.description}; ${params.toLocaleString("en-US")} parameters per member for ` +
      `${data.table.dim} features and ${data.classes.length} classes), ${backend}, up to ${
        epochsOf(config, family)
      } epochs`,
  );
  for (const m of modes) c.log(`  mode ${USE_MODES[m].summary}`);
}

/** The rows to fit on: the prepared table, and augmented copies of the training clips when asked for. */
async function trainingSide(data: PreparedData, config: PipelineConfig, family: ModelFamily) {
  const c = defaults(config);
  let fit = fitDataOf(data), train = partRows(data, "train");
  const copies = config.augment ?? family.defaultAugment;
  if (copies > 0) {
    const isTrain = data.split.map((s) => s === "train");
    const aug = await extractAugmented(data.source.root, data.rows, isTrain, family.featureSet, {
      copies,
      seed: c.seed,
      config,
    });
    train = [...train, ...aug.rows.map((_, j) => fit.y.length + j)];
    fit = appendAugmented(fit, aug);
    c.log(`  ${aug.rows.length} augmented copies join the training split only (validation and test are untouched)`);
  }
  return { fit, train, copies };
}

/**
 * Train a model family on the training split (scalers fitted on it only; early stopping on the validation split, or
 * a fixed number of epochs with `--split none`): one model per use mode, the seed MLP checkpointing its best
 * val_accuracy model to `artifacts/best/` as it goes, and a gender model when the data has both genders. Writes the
 * artifacts and `training_history.csv`.
 *
 * @throws {Error} If the prepared features are not the family's feature set, or a mode needs speakers some clips lack.
 * @example
 * const run = await trainStage(await prepareData(), { epochs: 100 });
 */
export async function trainStage(data: PreparedData, config: PipelineConfig = {}): Promise<TrainedRun> {
  const c = defaults(config), t = performance.now();
  const backend = await initBackend();
  const plan = familyOf(config), { family } = plan;
  if (data.table.featureSet !== family.featureSet) {
    throw new Error(
      `${family.name} trains on the ${family.featureSet} features, but the data has ${data.table.featureSet}`,
    );
  }
  logPlan(data, config, plan, `tfjs ${backend.tfjs} ${backend.name}${backend.simd ? " SIMD" : ""}`);
  const { fit, train, copies } = await trainingSide(data, config, family);
  const epochs = epochsOf(config, family);
  const checkpoint = family.members === 1 && c.split !== "none";
  const fitted = await family.fit(fit, train, partRows(data, "val"), {
    ...recipeFitOptions(config),
    modes: plan.modes,
    enrolment: config.enrolment,
    seed: c.seed,
    epochs,
    log: c.log,
    onBestAccuracy: checkpoint ? (model) => saveModel(model, join(c.artifactsDir, "best")) : undefined,
    onEpoch: (r) => {
      config.onEpoch?.(r, epochs);
      c.log(epochLine(r, epochs));
    },
  });
  if (family.members > 1) c.log(`  trained ${family.members} members for each of ${plan.modes.length} modes`);
  if (fitted.gender) c.log("  trained the gender model");
  const counts = countsOf(data);
  const metadata = await trainingMetadata(data, fitted, {
    seed: c.seed,
    split: c.split,
    augment: copies,
    augmentPlan: config.augmentPlan,
    adversary: config.adversary && config.adversary !== "none"
      ? { by: config.adversary, weight: config.adversaryWeight ?? DEFAULT_ADVERSARY_WEIGHT }
      : null,
    backend,
    counts,
  });
  await saveArtifacts(c.artifactsDir, { fitted, labels: data.classes, metadata, labelSet: data.discovery.labelSet });
  // Without a single best-epoch checkpoint (ensembles, --split none), drop one an earlier run left.
  if (!checkpoint) await Deno.remove(join(c.artifactsDir, "best"), { recursive: true }).catch(() => {});
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
  if (a.fitted.family.featureSet !== data.table.featureSet) {
    throw new ArtifactError(
      `${c.artifactsDir}: a ${a.fitted.family.name} model reads the ${a.fitted.family.featureSet} features, but the data ` +
        `was prepared with the ${data.table.featureSet} set; prepare it with model: "${a.fitted.family.name}"`,
    );
  }
  if (JSON.stringify(a.labels) !== JSON.stringify(data.classes)) {
    throw new ArtifactError(
      `${c.artifactsDir}: trained on classes ${a.labels.join(", ")} but the data has ${
        data.classes.join(", ")
      }; retrain`,
    );
  }
  const csv = await Deno.readTextFile(join(c.outputsDir, "training_history.csv")).catch(() => "epoch\n");
  const history = parseCsv(csv).map((r) => ({
    epoch: Number(r.epoch) - 1,
    loss: Number(r.train_loss),
    valLoss: Number(r.val_loss),
    accuracy: Number(r.train_accuracy),
    valAccuracy: Number(r.val_accuracy),
    lr: Number(r.lr),
    seconds: Number(r.seconds),
  }));
  const fitted = { ...a.fitted, history };
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
