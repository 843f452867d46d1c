/**
 * A cross-validation run assembled from its parts: each family's plan (its folds, classes and data summary, as plain
 * data) and its folds' outcomes. `crossValidate` assembles the folds it ran itself; a queue's client assembles folds
 * that workers ran elsewhere, with the same function, so both give the same run.
 *
 * @module
 */
import type { CvProtocol, Discovery, SkippedFile } from "../../data/mod.ts";
import type { DataSource } from "../train/config.ts";
import { meanSd, sumMatrices } from "../../eval/mod.ts";
import type { UseModeName } from "../../model/mod.ts";
import { FEATURE_SETS, featureGroups } from "../../features/mod.ts";
import { meanImportance, topFeatureValues } from "./cv_explain.ts";
import { compareModels, type CvComparison, modeIntervals } from "./cv_uncertainty.ts";
import type { CvFoldResult, CvModelResult, CvPrediction } from "./cv_types.ts";
import type { FitData, ModelFamily } from "../../model/mod.ts";

/** A finished cross-validation run. */
export interface CvRun {
  protocol: CvProtocol;
  /** Each further model against the first, per mode, on the same clips. */
  comparisons: CvComparison[];
  classes: string[];
  results: CvModelResult[];
  foldNames: string[];
  notes: string[];
  clips: { tested: number; trainOnly: number; leftOut: number };
  corpora: Record<string, number>;
  source: DataSource;
  discovery: Discovery;
  /** Clips whose features failed, with the reason. */
  failures: SkippedFile[];
  timings: Record<string, number>;
}

/** One family's folds laid out on its extracted data: plain data (it travels through a queue as JSON). */
export interface CvPlan {
  protocol: CvProtocol;
  model: string;
  modes: UseModeName[];
  /** Augmented copies per training clip. */
  augment: number;
  /** The domain adversary trained against (absent: none). */
  adversary?: string;
  classes: string[];
  foldNames: string[];
  /** The fold indices that are tested, in order. */
  tested: number[];
  notes: string[];
  clips: CvRun["clips"];
  corpora: Record<string, number>;
  source: DataSource;
  discovery: Discovery;
  failures: SkippedFile[];
  timings: Record<string, number>;
}

/** One fold's result and its test clips' predictions. */
export interface CvFoldOutcome {
  result: CvFoldResult;
  predictions: CvPrediction[];
}

/** A family's plan, its folds' outcomes in plan order, their run time, and (with `explain`) the data it ran on. */
export interface CvPart {
  plan: CvPlan;
  outcomes: CvFoldOutcome[];
  seconds: number;
  explained?: { fit: FitData; rows: unknown[]; fold: number[]; family: ModelFamily };
}

/** What a plan needs from the extracted data. */
interface PlannedData {
  family: ModelFamily;
  modes: UseModeName[];
  rows: { corpus: string }[];
  fold: number[];
  names: string[];
  notes: string[];
  classes: string[];
  failures: SkippedFile[];
  leftOut: number;
}

/** The plan of one family's extracted data. */
export function cvPlanOf(
  d: PlannedData,
  at: {
    source: DataSource;
    discovery: Discovery;
    config: { protocol?: CvProtocol; augment?: number; adversary?: string };
    timings: Record<string, number>;
  },
): CvPlan {
  const corpora: Record<string, number> = {};
  d.rows.forEach((r, i) => d.fold[i] !== -2 && (corpora[r.corpus] = (corpora[r.corpus] ?? 0) + 1));
  return {
    protocol: at.config.protocol ?? "ravdess6",
    model: d.family.name,
    modes: d.modes,
    augment: at.config.augment ?? d.family.defaultAugment,
    ...(at.config.adversary && at.config.adversary !== "none" ? { adversary: at.config.adversary } : {}),
    classes: d.classes,
    foldNames: d.names,
    tested: [...new Set(d.fold.filter((f) => f >= 0))].sort((a, b) => a - b),
    notes: d.notes,
    clips: {
      tested: d.fold.filter((f) => f >= 0).length,
      trainOnly: d.fold.filter((f) => f === -1).length,
      leftOut: d.leftOut,
    },
    corpora,
    source: at.source,
    discovery: at.discovery,
    failures: d.failures,
    timings: { ...at.timings },
  };
}

/** Mean ± sd over folds of each mode, and its summed confusion. */
function summarise(folds: readonly CvFoldResult[], modes: readonly UseModeName[]): CvModelResult["summary"] {
  const out: CvModelResult["summary"] = {};
  for (const m of modes) {
    const scoredFolds = folds.filter((f) => f.modes[m]?.scores);
    const scored = scoredFolds.map((f) => f.modes[m]!);
    if (!scored.length) continue;
    const worst = scoredFolds.reduce((w, f) => (f.modes[m]!.scores!.ua < w.modes[m]!.scores!.ua ? f : w));
    out[m] = {
      worst: { fold: worst.name, ua: worst.modes[m]!.scores!.ua },
      wa: meanSd(scored.map((r) => r.scores!.wa)),
      ua: meanSd(scored.map((r) => r.scores!.ua)),
      f1: meanSd(scored.map((r) => r.scores!.macroF1)),
      confusion: sumMatrices(scored.map((r) => r.confusion)),
      folds: scored.length,
    };
  }
  return out;
}

/** One family's result over its folds, with each mode's interval. */
function modelResult(part: CvPart): CvModelResult {
  const { plan, outcomes } = part;
  const folds = outcomes.map((o) => o.result);
  const gender = folds.map((f) => f.genderAccuracy).filter((g): g is number => g !== null);
  const x = part.explained;
  const importance = x && folds.every((f) => f.importance)
    ? meanImportance(folds.map((f) => f.importance!))
    : undefined;
  const set = FEATURE_SETS[x?.family.featureSet ?? "original"];
  const testedRows = x ? x.rows.map((_, i) => i).filter((i) => x.fold[i] >= 0) : [];
  const r: CvModelResult = {
    model: plan.model,
    modes: plan.modes,
    augment: plan.augment,
    ...(plan.adversary ? { adversary: plan.adversary } : {}),
    folds,
    summary: summarise(folds, plan.modes),
    genderAccuracy: gender.length ? meanSd(gender) : null,
    ...(importance && x
      ? { importance, topFeatures: topFeatureValues(x.fit, testedRows, importance, featureGroups(set), set.names) }
      : {}),
    predictions: outcomes.flatMap((o) => o.predictions),
    notes: [...new Set(folds.flatMap((f) => f.notes.map((n) => `${f.name}: ${n}`)))],
    seconds: part.seconds,
  };
  for (const [m, ci] of Object.entries(modeIntervals(r, plan.classes))) r.summary[m as UseModeName]!.uaInterval = ci;
  return r;
}

/**
 * A run from its families' parts: the data summary is the last family's, notes and failures are the union.
 *
 * @throws {RangeError} If there are no parts.
 * @example
 * const run = assembleCvRun([{ plan, outcomes, seconds }], timings);
 */
export function assembleCvRun(parts: readonly CvPart[], timings: Record<string, number> = {}): CvRun {
  if (!parts.length) throw new RangeError("assembleCvRun: no families to assemble");
  const results: CvModelResult[] = [], notes: string[] = [], failures: SkippedFile[] = [];
  const all: Record<string, number> = {};
  for (const part of parts) {
    for (const n of part.plan.notes) if (!notes.includes(n)) notes.push(n);
    for (const f of part.plan.failures) if (!failures.some((x) => x.path === f.path)) failures.push(f);
    Object.assign(all, part.plan.timings);
    const r = modelResult(part);
    results.push(r);
    all[`cv_${r.model}`] = r.seconds;
  }
  const p = parts.at(-1)!.plan;
  return {
    protocol: p.protocol,
    comparisons: compareModels(results, p.classes),
    classes: p.classes,
    results,
    foldNames: p.foldNames,
    notes,
    clips: p.clips,
    corpora: p.corpora,
    source: p.source,
    discovery: p.discovery,
    failures,
    timings: { ...all, ...timings },
  };
}
