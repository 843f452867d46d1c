/**
 * Cross-validation: every fold holds out whole speakers (`ravdess6`, `loso`) or a whole corpus (`corpus`) for testing,
 * trains on the rest, and scores the held-out clips in every use mode side by side — `global` (one clip),
 * `enrolled` (about 10 s of each speaker's neutral voice, never scored) and `transductive` (each speaker's clips
 * together). Several model families can be compared on the same folds in one run.
 *
 * @module
 */
import {
  cvFolds,
  type CvProtocol,
  type Discovery,
  type ManifestEntry,
  type SkippedFile,
  SplitError,
} from "../../data/mod.ts";
import { type FoldScores, predictionBalance } from "../../eval/mod.ts";
import {
  DEFAULT_ENROLMENT,
  DEFAULT_FAMILY,
  type EpochRecord,
  type FitData,
  initBackend,
  type ModelFamily,
  modelFamily,
  USE_MODE_NAMES,
  type UseModeName,
} from "../../model/mod.ts";
import { appendAugmented, extractAugmented } from "../train/_augmented.ts";
import { pickValidation } from "./cv_validation.ts";
import type { CvFoldResult, CvPrediction } from "./cv_types.ts";
import { assembleCvRun, type CvFoldOutcome, type CvPart, type CvPlan, cvPlanOf, type CvRun } from "./cv_assemble.ts";

export type { CvFoldResult, CvModelResult, CvModeResult, CvModeSummary, CvPrediction } from "./cv_types.ts";
export type { CvFoldOutcome, CvPlan, CvRun } from "./cv_assemble.ts";
import { foldImportance } from "./cv_explain.ts";
import { type DataSource, defaults, type PipelineConfig, recipeFitOptions } from "../train/config.ts";
import { discoverStage, extractStage } from "../train/prepare_data.ts";
import { scoreModes } from "../train/score_modes.ts";

/** Configuration of a cross-validation run (the data options are the pipeline's). */
export interface CvConfig extends PipelineConfig {
  /** `ravdess6`, `loso` or `corpus` (leave one corpus out). Default `ravdess6`. */
  protocol?: CvProtocol;
  /** Model families to evaluate on the same folds. Default `[DEFAULT_FAMILY.name]`. */
  models?: string[];
  /** Add every other corpus found to the training side of each fold (`ravdess6`, `loso`). Default false. */
  extraCorpora?: boolean;
  /** Training-time waveform augmentation: copies per training clip (0 = off). Default 0. */
  augment?: number;
  /** Most folds for `loso` (speakers are grouped beyond this). Default 10. */
  maxFolds?: number;
  /** `corpus` protocol: the corpora to test (compared loosely: `EMO-DB` = `emodb`). Default: each in turn. */
  test?: string[];
  /** Explain: permutation importance of each feature group on every fold's held-out clips (global mode). */
  explain?: boolean;
  /** Called when a fold starts and ends (with each mode's scores). */
  onFold?: (e: {
    model: string;
    fold: number;
    folds: number;
    name: string;
    modes?: Partial<Record<UseModeName, FoldScores | null>>;
  }) => void;
}

/** The features and folds of one family's feature set, and the rows that take part. */
export interface CvData {
  family: ModelFamily;
  modes: UseModeName[];
  rows: ManifestEntry[];
  fit: FitData;
  fold: number[];
  names: string[];
  notes: string[];
  /** Rows of the original table (before augmented copies). */
  n: number;
  augmentedFrom: number[];
}

/** Extract a family's features for the clips the protocol uses, and lay out its folds. */
export async function cvData(
  name: string,
  source: DataSource,
  discovery: Discovery,
  config: CvConfig,
  timings: Record<string, number>,
): Promise<CvData & { classes: string[]; leftOut: number; failures: SkippedFile[] }> {
  const c = defaults(config), family = modelFamily(name);
  const protocol = config.protocol ?? "ravdess6";
  const foldOptions = { extraCorpora: config.extraCorpora, maxFolds: config.maxFolds, test: config.test };
  const used = cvFolds(discovery.entries, protocol, foldOptions);
  const usedEntries = discovery.entries.filter((_, i) => used.fold[i] !== -2);
  let t = performance.now();
  const { table, rows } = await extractStage(source, { ...discovery, entries: usedEntries }, family.featureSet, config);
  timings[`extract_${family.featureSet}`] = (performance.now() - t) / 1000;
  const classes = [...new Set(rows.map((r) => r.emotion))].sort();
  const folds = cvFolds(rows, protocol, foldOptions);
  const own: FitData = {
    x: table.data,
    dim: table.dim,
    y: Int32Array.from(rows, (r) => classes.indexOf(r.emotion)),
    classes,
    speakers: rows.map((r) => r.speaker),
    genders: rows.map((r) => r.gender),
    corpora: rows.map((r) => r.corpus),
    seconds: table.seconds,
  };
  t = performance.now();
  const copies = config.augment ?? family.defaultAugment;
  const aug = copies > 0
    ? await extractAugmented(source.root, rows, folds.fold.map((f) => f !== -2), family.featureSet, {
      copies,
      seed: c.seed,
      config,
    })
    : null;
  if (aug) timings[`augment_${family.featureSet}`] = (performance.now() - t) / 1000;
  const modes = config.modes ?? [...family.modes];
  return {
    family,
    modes: USE_MODE_NAMES.filter((m) => m === "global" || modes.includes(m)),
    rows,
    fit: aug ? appendAugmented(own, aug) : own,
    fold: folds.fold,
    names: folds.names,
    notes: folds.notes,
    n: rows.length,
    augmentedFrom: aug?.rows ?? [],
    classes,
    failures: table.failures,
    leftOut: discovery.entries.length - usedEntries.length + folds.fold.filter((f) => f === -2).length,
  };
}

/** A class the test side has but the training side lacks cannot be learnt: refuse the fold, naming it. */
function checkClasses(d: CvData, k: number, test: number[], train: number[]): void {
  const trained = new Set(train.map((r) => d.fit.y[r]));
  const missing = [...new Set(test.map((r) => d.fit.y[r]))].filter((c) => !trained.has(c));
  if (missing.length) {
    const names = missing.map((c) => `"${d.fit.classes[c]}"`).join(", ");
    throw new SplitError(
      `fold ${d.names[k]}: the test side has ${names} but no training clip does; leave ${
        missing.length > 1 ? "them" : "it"
      } out with --labels, or add data that has ${missing.length > 1 ? "them" : "it"}`,
    );
  }
}

/** Gender accuracy of a fitted family on test rows whose gender is known. */
function genderAccuracy(d: CvData, fitted: Awaited<ReturnType<ModelFamily["fit"]>>, test: number[]): number | null {
  const dim = d.fit.dim, x = new Float32Array(test.length * dim);
  test.forEach((r, j) => x.set(d.fit.x.subarray(r * dim, (r + 1) * dim), j * dim));
  const g = d.family.predictGender(fitted, x);
  if (!g || !fitted.gender) return null;
  const known = test.map((r, j) => [j, fitted.gender!.classes.indexOf(d.rows[r].gender)]).filter(([, v]) => v >= 0);
  if (!known.length) return null;
  return known.filter(([j, v]) => (g[2 * j + 1] > g[2 * j] ? 1 : 0) === v).length / known.length;
}

/** Train and score one fold: its predictions are appended to `predictions`. */
async function runFold(d: CvData, k: number, config: CvConfig, predictions: CvPrediction[]): Promise<CvFoldResult> {
  const c = defaults(config), t0 = performance.now();
  const test = d.rows.map((_, i) => i).filter((i) => d.fold[i] === k);
  const side = d.rows.map((_, i) => i).filter((i) => d.fold[i] !== k && d.fold[i] !== -2);
  const valSpeakers = config.protocol === "corpus" || !d.family.earlyStopping
    ? []
    : pickValidation(d.rows, side, d.rows[test[0]].corpus, c.seed, k);
  const val = side.filter((i) => valSpeakers.includes(d.rows[i].speaker));
  const train = side.filter((i) => !valSpeakers.includes(d.rows[i].speaker));
  const trainSet = new Set(train);
  d.augmentedFrom.forEach((r, j) => trainSet.has(r) && train.push(d.n + j));
  checkClasses(d, k, test, train);
  const epochs = c.epochs ?? (val.length ? d.family.recipe.epochs! : d.family.finalEpochs);
  const fitted = await d.family.fit(d.fit, train, val, {
    ...recipeFitOptions(config),
    modes: d.modes,
    enrolment: config.enrolment,
    seed: c.seed + k,
    epochs,
    onEpoch: config.onEpoch ? (r: EpochRecord) => config.onEpoch!(r, epochs) : undefined,
  });
  const enrolment = config.enrolment ?? DEFAULT_ENROLMENT;
  const scores = scoreModes(fitted, { ...d.fit, speakers: d.fit.speakers }, test, { enrolment, seed: c.seed + k });
  test.forEach((r, j) =>
    predictions.push({
      path: d.rows[r].path,
      corpus: d.rows[r].corpus,
      speaker: d.rows[r].speaker,
      fold: d.names[k],
      truth: d.fit.classes[d.fit.y[r]],
      predicted: Object.fromEntries(
        scores.map((s) => [s.mode, s.predicted[j] >= 0 ? d.fit.classes[s.predicted[j]] : null]),
      ),
    })
  );
  const result: CvFoldResult = {
    fold: k,
    name: d.names[k],
    n: test.length,
    trainClips: train.length,
    valSpeakers,
    modes: Object.fromEntries(scores.map((s) => [s.mode, {
      scores: s.scores,
      confusion: s.confusion,
      balance: predictionBalance(s.confusion, d.fit.classes),
      scored: s.scored,
      fallback: s.fallback,
      enrolmentClips: s.enrolmentClips,
    }])),
    genderAccuracy: genderAccuracy(d, fitted, test),
    ...(config.explain ? { importance: foldImportance(d.family, fitted, d.fit, test, c.seed + k) } : {}),
    notes: [...fitted.notes, ...scores.flatMap((s) => s.notes.map((n) => `${s.mode} (test): ${n}`))],
    epochs: fitted.history.length,
    bestEpoch: fitted.bestEpoch + 1,
    seconds: (performance.now() - t0) / 1000,
  };
  d.family.dispose(fitted);
  return result;
}

/**
 * Train and score one fold (by its index in `d.fold`): the unit a queue worker runs.
 *
 * @throws {SplitError} If a tested class has no training clip.
 */
export async function runCvFold(d: CvData, k: number, config: CvConfig): Promise<CvFoldOutcome> {
  const predictions: CvPrediction[] = [];
  const result = await runFold(d, k, config, predictions);
  return { result, predictions };
}

/**
 * Extract one family's features and lay out its folds, as a plan (plain data) and the data the folds train on: what a
 * queue's `cv-plan` job does before its folds run on any worker.
 *
 * @param name The model family (default: the default family).
 * @throws {SplitError} If the protocol finds nothing to test.
 */
export async function planCv(
  config: CvConfig,
  name = config.models?.[0] ?? DEFAULT_FAMILY.name,
): Promise<{ plan: CvPlan; data: CvData }> {
  await initBackend();
  const timings: Record<string, number> = {};
  const { source, discovery, seconds } = await discoverStage(config);
  timings.discover = seconds;
  const data = await cvData(name, source, discovery, config, timings);
  return { plan: cvPlanOf(data, { source, discovery, config, timings }), data };
}

/**
 * Cross-validate model families on speaker- or corpus-independent folds.
 *
 * Per fold: the test clips are held out; for `ravdess6` and `loso`, two speakers of the tested corpus among the rest
 * (a man and a woman when there are both) validate for early stopping when at least 8 such speakers train, otherwise
 * every training speaker trains for the family's `finalEpochs`; for `corpus`, every other corpus trains for
 * `finalEpochs`. Every trained mode is scored on the same clips (enrolment clips excepted). Deterministic for a seed.
 *
 * @throws {SplitError} If the protocol finds nothing to test, or a tested class has no training clip.
 * @example
 * const run = await crossValidate({ dataDir: "/data/real", protocol: "corpus", test: ["EMO-DB"] });
 */
export async function crossValidate(config: CvConfig = {}): Promise<CvRun> {
  const timings: Record<string, number> = {};
  await initBackend();
  const { source, discovery, seconds } = await discoverStage(config);
  timings.discover = seconds;
  const parts: CvPart[] = [];
  for (const name of config.models ?? [DEFAULT_FAMILY.name]) {
    const data = await cvData(name, source, discovery, config, timings);
    const plan = cvPlanOf(data, { source, discovery, config, timings });
    const started = performance.now(), outcomes: CvFoldOutcome[] = [];
    for (const k of plan.tested) {
      const e = { model: name, fold: k, folds: plan.tested.length, name: data.names[k] };
      config.onFold?.(e);
      const o = await runCvFold(data, k, config);
      outcomes.push(o);
      config.onFold?.({
        ...e,
        modes: Object.fromEntries(Object.entries(o.result.modes).map(([m, v]) => [m, v?.scores ?? null])),
      });
    }
    parts.push({
      plan,
      outcomes,
      seconds: (performance.now() - started) / 1000,
      explained: config.explain ? data : undefined,
    });
  }
  return assembleCvRun(parts, timings);
}
