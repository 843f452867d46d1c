/**
 * Speaker-independent cross-validation: every fold holds out whole speakers for testing, validates on other held-out
 * training speakers, and trains on the rest; WA, UA and macro F1 per fold and as mean ± sd, and the confusion matrix
 * summed over folds. Several model families can be compared on the same folds in one run.
 *
 * @module
 */
import { cvFolds, type CvProtocol, type ManifestEntry, SplitError } from "../data/mod.ts";
import { argmaxRows, confusionMatrix, type FoldScores, foldScores, meanSd, sumMatrices } from "../eval/mod.ts";
import { type EpochRecord, initBackend, modelFamily } from "../model/mod.ts";
import { rngFor } from "../random.ts";
import { defaults, type PipelineConfig } from "./config.ts";
import { discoverStage, extractStage } from "./prepare_data.ts";
import { disposeFamily, type FitData, fitFamily, predictFamily, predictGender } from "./_fit.ts";
import { appendAugmented, extractAugmented } from "./_augmented.ts";

/** Configuration of a cross-validation run (the data options are the pipeline's). */
export interface CvConfig extends PipelineConfig {
  /** `ravdess6` (RAVDESS actors in six folds of four) or `loso` (leave one speaker out). Default `ravdess6`. */
  protocol?: CvProtocol;
  /** Model families to evaluate on the same folds. Default `["pooled-mlp"]`. */
  models?: string[];
  /** Add every other corpus found to the training side of each fold. Default false. */
  extraCorpora?: boolean;
  /** Training-time waveform augmentation: copies per training clip (0 = off). Default 0. */
  augment?: number;
  /** Most folds for `loso` (speakers are grouped beyond this). Default 10. */
  maxFolds?: number;
  /** Called when a fold starts and ends. */
  onFold?: (e: { model: string; fold: number; folds: number; name: string; scores?: FoldScores }) => void;
}

/** One fold's outcome for one model. */
export interface CvFoldResult {
  fold: number;
  name: string;
  /** Test clips, and validation speakers. */
  n: number;
  valSpeakers: string[];
  /** The model as evaluated: speaker-normalised by each test speaker's own clips when the family uses it. */
  scores: FoldScores;
  /** The global fallback alone (no speaker statistics), when speaker-normalised. */
  fallback: FoldScores | null;
  /** Gender accuracy on the test clips, when a gender model was trained. */
  genderAccuracy: number | null;
  confusion: number[][];
  bestEpoch: number;
  seconds: number;
}

/** One model's results over all folds. */
export interface CvModelResult {
  model: string;
  speakerNorm: "speaker" | "none";
  augment: number;
  folds: CvFoldResult[];
  wa: { mean: number; sd: number };
  ua: { mean: number; sd: number };
  macroF1: { mean: number; sd: number };
  fallback: { wa: { mean: number; sd: number }; ua: { mean: number; sd: number } } | null;
  genderAccuracy: { mean: number; sd: number } | null;
  /** Confusion matrix summed over folds (rows true). */
  confusion: number[][];
  seconds: number;
}

/** A finished cross-validation run. */
export interface CvRun {
  protocol: CvProtocol;
  classes: string[];
  results: CvModelResult[];
  foldNames: string[];
  notes: string[];
  clips: { tested: number; trainOnly: number; leftOut: number };
  corpora: Record<string, number>;
  source: { root: string; kind: "real" | "synthetic"; note: string };
  timings: Record<string, number>;
}

/** Two validation speakers for a fold: from the tested corpus's training speakers, one per gender when possible. */
function pickValidation(
  rows: readonly ManifestEntry[],
  trainRows: readonly number[],
  testCorpus: string,
  seed: number,
  fold: number,
): string[] {
  const candidates = [...new Set(trainRows.filter((r) => rows[r].corpus === testCorpus).map((r) => rows[r].speaker))]
    .sort();
  const pool = candidates.length >= 3 ? candidates : [...new Set(trainRows.map((r) => rows[r].speaker))].sort();
  const rng = rngFor(seed, `cv-val:${fold}`);
  const genderOf = (s: string) => rows.find((r) => r.speaker === s)?.gender ?? "unknown";
  const shuffled = pool.map((s) => [rng(), s] as const).sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  // Two validation speakers when at least three remain to train on, else one (and never all of them).
  const want = pool.length >= 5 ? 2 : pool.length >= 2 ? 1 : 0;
  const out: string[] = [];
  for (const g of ["male", "female"]) {
    const s = shuffled.find((x) => genderOf(x) === g && !out.includes(x));
    if (s && out.length < want) out.push(s);
  }
  for (const s of shuffled) if (out.length < want && !out.includes(s)) out.push(s);
  return out;
}

/**
 * Cross-validate model families on speaker-independent folds.
 *
 * Per fold: the test speakers' clips are tested; two speakers of the same corpus among the rest (a man and a woman
 * when there are both) validate (early stopping; never the test fold); everything else on the training side trains,
 * with `augment` augmented copies of each training clip. Speaker-normalised families are evaluated with each test
 * speaker's statistics from that speaker's own unlabelled test clips (the transductive step), and their global
 * fallback alone is scored too. Deterministic for a seed.
 *
 * @throws {SplitError} If the protocol finds nothing to test.
 * @example
 * const run = await crossValidate({ dataDir: "/data/real", protocol: "ravdess6", models: ["pooled-mlp", "seed-mlp"] });
 */
export async function crossValidate(config: CvConfig = {}): Promise<CvRun> {
  const c = defaults(config);
  const protocol = config.protocol ?? "ravdess6";
  const models = config.models ?? ["pooled-mlp"];
  const augment = config.augment ?? 0;
  const timings: Record<string, number> = {};
  await initBackend();
  const { source, discovery, seconds } = await discoverStage(config);
  timings.discover = seconds;
  const results: CvModelResult[] = [];
  let foldNames: string[] = [];
  const notes: string[] = [];
  let classes: string[] = [];
  let clips = { tested: 0, trainOnly: 0, leftOut: 0 };
  const corpora: Record<string, number> = {};
  for (const name of models) {
    const family = modelFamily(name);
    const speakerNorm = config.speakerNorm ?? family.defaultSpeakerNorm;
    let t = performance.now();
    // Only clips the protocol uses (tested, or on the training side) are extracted.
    const used = cvFolds(discovery.entries, protocol, { extraCorpora: config.extraCorpora, maxFolds: config.maxFolds });
    const usedEntries = discovery.entries.filter((_, i) => used.fold[i] !== -2);
    const { table, rows } = await extractStage(
      source,
      { ...discovery, entries: usedEntries },
      family.featureSet,
      config,
    );
    timings[`extract_${family.featureSet}`] = (performance.now() - t) / 1000;
    classes = [...new Set(rows.map((r) => r.emotion))].sort();
    const folds = cvFolds(rows, protocol, { extraCorpora: config.extraCorpora, maxFolds: config.maxFolds });
    const leftOut = discovery.entries.length - usedEntries.length;
    foldNames = folds.names;
    for (const n of folds.notes) if (!notes.includes(n)) notes.push(n);
    if (speakerNorm === "speaker" && !notes.some((n) => n.startsWith("speaker normalisation"))) {
      notes.push(
        "speaker normalisation: every speaker's clips are standardised by that speaker's own statistics — test speakers by " +
          "their own unlabelled test clips (transductive)",
      );
    }
    clips = {
      tested: folds.fold.filter((f) => f >= 0).length,
      trainOnly: folds.fold.filter((f) => f === -1).length,
      leftOut: leftOut + folds.fold.filter((f) => f === -2).length,
    };
    for (const k of Object.keys(corpora)) delete corpora[k];
    rows.forEach((r, i) => folds.fold[i] !== -2 && (corpora[r.corpus] = (corpora[r.corpus] ?? 0) + 1));
    const K = classes.length, dim = table.dim;
    const y = Int32Array.from(rows, (r) => classes.indexOf(r.emotion));
    // Augmented copies (training side only): extracted once for every clip that can train, reused by every fold.
    t = performance.now();
    const aug = augment > 0
      ? await extractAugmented(source.root, rows, folds.fold.map((f) => f !== -2), family.featureSet, {
        copies: augment,
        seed: c.seed,
        config,
      })
      : null;
    if (aug) timings[`augment_${family.featureSet}`] = (performance.now() - t) / 1000;
    const n = rows.length;
    const own: FitData = {
      x: table.data,
      dim,
      y,
      numClasses: K,
      speakers: rows.map((r) => r.speaker),
      genders: rows.map((r) => r.gender),
    };
    const data = aug ? appendAugmented(own, aug) : own;
    const foldResults: CvFoldResult[] = [];
    const started = performance.now();
    const tested = [...new Set(folds.fold.filter((f) => f >= 0))].sort((a, b) => a - b);
    for (const k of tested) {
      const ft = performance.now();
      config.onFold?.({ model: name, fold: k, folds: tested.length, name: folds.names[k] });
      const test = rows.map((_, i) => i).filter((i) => folds.fold[i] === k);
      const side = rows.map((_, i) => i).filter((i) => folds.fold[i] !== k && folds.fold[i] !== -2);
      const valSpeakers = pickValidation(rows, side, rows[test[0]].corpus, c.seed, k);
      const val = side.filter((i) => valSpeakers.includes(rows[i].speaker));
      const train = side.filter((i) => !valSpeakers.includes(rows[i].speaker));
      if (train.length === 0 || val.length === 0) {
        throw new SplitError(
          `fold ${folds.names[k]}: the training side has ${
            new Set(side.map((i) => rows[i].speaker)).size
          } speakers, too few ` +
            "to train and validate on separate ones; add speakers, or other corpora with --extra-corpora",
        );
      }
      if (aug) {
        const trainSet = new Set(train);
        aug.rows.forEach((r, j) => trainSet.has(r) && train.push(n + j));
      }
      const fitted = await fitFamily(data, train, val, {
        family,
        speakerNorm,
        seed: c.seed + k,
        epochs: c.epochs,
        onEpoch: config.onEpoch ? (r: EpochRecord) => config.onEpoch!(r, c.epochs ?? family.recipe.epochs!) : undefined,
      });
      const tx = new Float32Array(test.length * dim);
      test.forEach((r, j) => tx.set(data.x.subarray(r * dim, (r + 1) * dim), j * dim));
      const ty = Int32Array.from(test, (r) => y[r]);
      const groups = test.map((r) => rows[r].speaker);
      const pm = predictFamily(fitted, tx, dim, groups, K);
      const cm = confusionMatrix(ty, argmaxRows(pm.probabilities, K), K);
      const fb = speakerNorm === "speaker"
        ? foldScores(confusionMatrix(ty, argmaxRows(predictFamily(fitted, tx, dim, null, K).probabilities, K), K))
        : null;
      let genderAccuracy: number | null = null;
      const g = predictGender(fitted, tx, dim);
      if (g && fitted.gender) {
        const known = test.map((r, j) => [j, fitted.gender!.classes.indexOf(rows[r].gender)]).filter(([, v]) => v >= 0);
        if (known.length) {
          genderAccuracy = known.filter(([j, v]) => (g[2 * j + 1] > g[2 * j] ? 1 : 0) === v).length / known.length;
        }
      }
      const scores = foldScores(cm);
      foldResults.push({
        fold: k,
        name: folds.names[k],
        n: test.length,
        valSpeakers,
        scores,
        fallback: fb,
        genderAccuracy,
        confusion: cm,
        bestEpoch: fitted.bestEpoch + 1,
        seconds: (performance.now() - ft) / 1000,
      });
      disposeFamily(fitted);
      config.onFold?.({ model: name, fold: k, folds: tested.length, name: folds.names[k], scores });
    }
    const stat = (f: (r: CvFoldResult) => number | null) => {
      const v = foldResults.map(f).filter((x): x is number => x !== null);
      return v.length ? meanSd(v) : null;
    };
    results.push({
      model: name,
      speakerNorm,
      augment,
      folds: foldResults,
      wa: stat((r) => r.scores.wa)!,
      ua: stat((r) => r.scores.ua)!,
      macroF1: stat((r) => r.scores.macroF1)!,
      fallback: speakerNorm === "speaker"
        ? { wa: stat((r) => r.fallback!.wa)!, ua: stat((r) => r.fallback!.ua)! }
        : null,
      genderAccuracy: stat((r) => r.genderAccuracy),
      confusion: sumMatrices(foldResults.map((r) => r.confusion)),
      seconds: (performance.now() - started) / 1000,
    });
    timings[`cv_${name}`] = (performance.now() - started) / 1000;
  }
  return { protocol, classes, results, foldNames, notes, clips, corpora, source, timings };
}
