/**
 * The cross-corpus matrix (`./ser cv --protocol matrix`): a model trained on each corpus alone, tested on every other
 * corpus and, on the diagonal, on its own held-out speakers — per use mode. Each cell scores the test clips whose
 * label the training corpus has (a label a corpus never had cannot be learnt from it), and says how many that was.
 * The mean off the diagonal and the worst cell summarise how a model trained on one recording chain travels.
 *
 * Held-out speakers for the diagonal: a seeded fifth of the corpus's speakers (at least one, and at least one left to
 * train on); a corpus of one speaker has an empty diagonal cell. Training runs the family's fixed epochs, with its
 * augmented copies of the training speakers' clips.
 *
 * @module
 */
import type { ManifestEntry } from "../../data/mod.ts";
import { predictionBalance } from "../../eval/mod.ts";
import { DEFAULT_ENROLMENT, DEFAULT_FAMILY, initBackend, type UseModeName } from "../../model/mod.ts";
import { rngFor, shuffle } from "../../random.ts";
import { discoverStage } from "../train/prepare_data.ts";
import { scoreModes } from "../train/score_modes.ts";
import { defaults, recipeFitOptions } from "../train/config.ts";
import { type CvConfig, type CvData, cvData } from "./cv_stage.ts";

/** One cell: a model trained on `train`, tested on `test` (the diagonal: its held-out speakers). */
export interface MatrixCell {
  train: string;
  test: string;
  /** UA per mode (null where nothing could be scored). */
  ua: Partial<Record<UseModeName, number | null>>;
  /** Test clips scored (labels the training corpus has), and those left out for a label it lacks. */
  clips: number;
  unlearnable: number;
  /** A collapse warning per mode (a label taking most answers, a true label never answered). */
  collapse: Partial<Record<UseModeName, string | null>>;
}

/** A finished matrix run. */
export interface MatrixRun {
  model: string;
  corpora: string[];
  modes: UseModeName[];
  cells: MatrixCell[];
  /** Per mode: the mean UA off the diagonal, and the worst off-diagonal cell. */
  summary: Partial<Record<UseModeName, { offDiagonal: number; worst: { train: string; test: string; ua: number } }>>;
  classes: string[];
  seconds: number;
  notes: string[];
}

/** A seeded fifth of a corpus's speakers (at least one; none when it has a single speaker). */
function heldOutSpeakers(rows: readonly ManifestEntry[], members: number[], corpus: string, seed: number): Set<string> {
  const speakers = [...new Set(members.map((r) => rows[r].speaker))].sort();
  if (speakers.length < 2) return new Set();
  const n = Math.max(1, Math.min(speakers.length - 1, Math.round(speakers.length / 5)));
  return new Set(shuffle(speakers, rngFor(seed, `matrix:${corpus}`)).slice(0, n));
}

/** Train on one corpus's training speakers and score every test side. */
async function trainRow(d: CvData, k: number, config: CvConfig): Promise<MatrixCell[]> {
  const c = defaults(config), corpus = d.names[k];
  const members = d.rows.map((_, i) => i).filter((i) => d.fold[i] === k);
  const held = heldOutSpeakers(d.rows, members, corpus, c.seed);
  const train = members.filter((i) => !held.has(d.rows[i].speaker));
  const trainSet = new Set(train);
  d.augmentedFrom.forEach((r, j) => trainSet.has(r) && train.push(d.n + j));
  const known = new Set(train.map((r) => d.fit.y[r]));
  const fitted = await d.family.fit(d.fit, train, [], {
    ...recipeFitOptions(config),
    modes: d.modes,
    enrolment: config.enrolment,
    seed: c.seed + k,
    epochs: c.epochs ?? d.family.finalEpochs,
  });
  const cells: MatrixCell[] = [];
  for (let j = 0; j < d.names.length; j++) {
    const side = j === k
      ? members.filter((i) => held.has(d.rows[i].speaker))
      : d.rows.map((_, i) => i).filter((i) => d.fold[i] === j);
    const test = side.filter((i) => known.has(d.fit.y[i]));
    const cell: MatrixCell = {
      train: corpus,
      test: d.names[j],
      ua: {},
      clips: test.length,
      unlearnable: side.length - test.length,
      collapse: {},
    };
    if (test.length) {
      const enrolment = config.enrolment ?? DEFAULT_ENROLMENT;
      for (const s of scoreModes(fitted, d.fit, test, { enrolment, seed: c.seed + k })) {
        cell.ua[s.mode] = s.scores?.ua ?? null;
        cell.collapse[s.mode] = predictionBalance(s.confusion, d.fit.classes).warning;
      }
    }
    cells.push(cell);
  }
  d.family.dispose(fitted);
  return cells;
}

/**
 * Every corpus trained on alone and tested on every corpus.
 *
 * @throws {SplitError} If the data holds fewer than two corpora.
 * @example
 * const m = await crossCorpusMatrix({ dataDir: "/data/real", labels: ["angry", "happy", "neutral", "sad"] });
 */
export async function crossCorpusMatrix(config: CvConfig = {}): Promise<MatrixRun> {
  const started = performance.now();
  await initBackend();
  const { source, discovery } = await discoverStage(config);
  const name = config.models?.[0] ?? DEFAULT_FAMILY.name;
  const d = await cvData(name, source, discovery, { ...config, protocol: "corpus", test: undefined }, {});
  if (d.names.length < 2) {
    const { SplitError } = await import("../../data/mod.ts");
    throw new SplitError(`the matrix needs at least two corpora; the data has ${d.names.join(", ") || "none"}`);
  }
  const cells: MatrixCell[] = [];
  for (let k = 0; k < d.names.length; k++) {
    config.onFold?.({ model: d.family.name, fold: k, folds: d.names.length, name: `trained on ${d.names[k]}` });
    cells.push(...await trainRow(d, k, config));
  }
  return {
    model: d.family.name,
    corpora: d.names,
    modes: d.modes,
    cells,
    summary: matrixSummary(cells, d.modes),
    classes: d.classes,
    seconds: (performance.now() - started) / 1000,
    notes: [
      "each corpus trained on alone (a fifth of its speakers held out for the diagonal), tested on every corpus",
      "a cell scores the test clips whose label the training corpus has",
    ],
  };
}

/** Per mode: the mean UA of the off-diagonal cells and the worst of them. */
export function matrixSummary(cells: readonly MatrixCell[], modes: readonly UseModeName[]): MatrixRun["summary"] {
  const out: MatrixRun["summary"] = {};
  for (const m of modes) {
    const off = cells.filter((c) => c.train !== c.test && typeof c.ua[m] === "number");
    if (!off.length) continue;
    const worst = off.reduce((w, c) => (c.ua[m]! < w.ua[m]! ? c : w));
    out[m] = {
      offDiagonal: off.reduce((s, c) => s + c.ua[m]!, 0) / off.length,
      worst: { train: worst.train, test: worst.test, ua: worst.ua[m]! },
    };
  }
  return out;
}
