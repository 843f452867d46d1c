/**
 * Private: fit a model family on rows of a feature table — the main model (per-speaker normalised when asked), the
 * global fallback for clips without speaker statistics, and the gender model — and predict with the result. Shared
 * by the train stage and every cross-validation fold.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  applyScaler,
  buildGenderMlp,
  ensembleModel,
  type EpochRecord,
  evaluateModel,
  fitScaler,
  MIN_SPEAKER_CLIPS,
  type ModelFamily,
  type Scaler,
  speakerNormalize,
  trainModel,
  withSeededRandom,
} from "../model/mod.ts";

/** Rows to fit on and their labels. */
export interface FitData {
  /** Row-major features `[n][dim]`. */
  x: Float32Array;
  dim: number;
  /** Class index per row. */
  y: Int32Array;
  numClasses: number;
  /** Speaker per row (`""` unknown). */
  speakers: readonly string[];
  /** Gender per row. */
  genders: readonly string[];
}

/** Options for {@linkcode fitFamily}. */
export interface FitOptions {
  family: ModelFamily;
  speakerNorm: "speaker" | "none";
  seed: number;
  /** Maximum epochs (default: the family's recipe). */
  epochs?: number;
  /** Train the global fallback model too (when speaker-normalised). Default true. */
  fallback?: boolean;
  /** Train the gender model when both genders occur in training. Default true. */
  gender?: boolean;
  /** Called after each epoch of the main model's first member. */
  onEpoch?: (r: EpochRecord) => void | Promise<void>;
  /** Called at each new best val_accuracy of the main model's first member (single-member families checkpoint here). */
  onBestAccuracy?: (model: tf.LayersModel) => void | Promise<void>;
}

/** A model and the scaler its inputs go through. */
export interface ScaledModel {
  model: tf.LayersModel;
  scaler: Scaler;
}

/** What {@linkcode fitFamily} returns. */
export interface FittedFamily {
  family: ModelFamily;
  speakerNorm: "speaker" | "none";
  /** Takes speaker-normalised then scaled rows when `speakerNorm` is `"speaker"`, else globally scaled rows. */
  main: ScaledModel;
  /** Globally scaled rows, for clips without speaker statistics (only when speaker-normalised). */
  fallback: ScaledModel | null;
  /** Female/male from globally scaled rows, when trained. */
  gender: (ScaledModel & { classes: string[] }) | null;
  /** The first member's history and kept epoch (0-based). */
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
}

function take(x: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(x.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

/** Rows normalised per speaker among themselves (each speaker by its own clips). */
export function normaliseBySpeaker(d: FitData, rows: readonly number[]): Float32Array {
  const unknown = rows.filter((r) => !d.speakers[r]).length;
  if (unknown) {
    throw new Error(
      `speaker normalisation needs every clip's speaker, but ${unknown} clips have none: give speakers (metadata ` +
        "speaker column or --speaker-pattern) or use --speaker-norm none",
    );
  }
  return speakerNormalize(take(d.x, d.dim, rows), d.dim, rows.map((r) => d.speakers[r])).x;
}

async function trainMembers(
  family: ModelFamily,
  train: { x: Float32Array; y: Int32Array },
  val: { x: Float32Array; y: Int32Array },
  opts: FitOptions & { members: number; build: () => tf.Sequential; report: boolean },
): Promise<{ model: tf.LayersModel; history: EpochRecord[]; bestEpoch: number; stoppedEarly: boolean }> {
  const members: tf.LayersModel[] = [];
  let first: { history: EpochRecord[]; bestEpoch: number; stoppedEarly: boolean } | null = null;
  for (let m = 0; m < opts.members; m++) {
    const seed = opts.seed + 1000 * m;
    const model = await withSeededRandom(seed, opts.build);
    const result = await withSeededRandom(seed, () =>
      trainModel(model, train, val, {
        ...family.recipe,
        epochs: opts.epochs ?? family.recipe.epochs,
        seed,
        onEpoch: m === 0 && opts.report ? opts.onEpoch : undefined,
        onBestAccuracy: m === 0 && opts.report && opts.onBestAccuracy ? () => opts.onBestAccuracy!(model) : undefined,
      }));
    first ??= result;
    members.push(model);
  }
  const model = ensembleModel(members);
  // The ensemble holds copies of the members' weights.
  if (members.length > 1) members.forEach((m) => m.dispose());
  return { model, ...first! };
}

/**
 * Fit a family: scaler(s) on the training rows only, the main model's members (early stopping on the validation rows),
 * then, when speaker-normalised, the same recipe on globally scaled rows as the fallback, and a small gender model.
 *
 * @throws {Error} If speaker normalisation is asked for and a training or validation clip has no speaker.
 */
export async function fitFamily(
  d: FitData,
  train: readonly number[],
  val: readonly number[],
  opts: FitOptions,
): Promise<FittedFamily> {
  const { family, speakerNorm } = opts;
  const labels = (rows: readonly number[]) => Int32Array.from(rows, (r) => d.y[r]);
  const globalTrain = take(d.x, d.dim, train), globalVal = take(d.x, d.dim, val);
  const globalScaler = fitScaler(globalTrain, d.dim);
  const build = () => family.build(d.dim, d.numClasses);
  let main: ScaledModel, fallback: ScaledModel | null = null;
  let first: { history: EpochRecord[]; bestEpoch: number; stoppedEarly: boolean };
  const common = { ...opts, members: family.members, build };
  if (speakerNorm === "speaker") {
    const tr = normaliseBySpeaker(d, train), va = normaliseBySpeaker(d, val);
    const scaler = fitScaler(tr, d.dim);
    const r = await trainMembers(family, { x: applyScaler(scaler, tr), y: labels(train) }, {
      x: applyScaler(scaler, va),
      y: labels(val),
    }, { ...common, report: true });
    main = { model: r.model, scaler };
    first = r;
    if (opts.fallback !== false) {
      const g = await trainMembers(family, { x: applyScaler(globalScaler, globalTrain), y: labels(train) }, {
        x: applyScaler(globalScaler, globalVal),
        y: labels(val),
      }, { ...common, seed: opts.seed + 1, report: false });
      fallback = { model: g.model, scaler: globalScaler };
    }
  } else {
    const r = await trainMembers(family, { x: applyScaler(globalScaler, globalTrain), y: labels(train) }, {
      x: applyScaler(globalScaler, globalVal),
      y: labels(val),
    }, { ...common, report: true });
    main = { model: r.model, scaler: globalScaler };
    first = r;
  }
  let gender: FittedFamily["gender"] = null;
  const genderClasses = ["female", "male"];
  const known = (rows: readonly number[]) => rows.filter((r) => genderClasses.includes(d.genders[r]));
  const gTrain = known(train), gVal = known(val);
  const bothGenders = new Set(gTrain.map((r) => d.genders[r])).size === 2;
  if (opts.gender !== false && bothGenders && gVal.length > 0) {
    const gy = (rows: number[]) => Int32Array.from(rows, (r) => genderClasses.indexOf(d.genders[r]));
    const model = await withSeededRandom(opts.seed + 7, () => buildGenderMlp(d.dim));
    await withSeededRandom(
      opts.seed + 7,
      () =>
        trainModel(model, { x: applyScaler(globalScaler, take(d.x, d.dim, gTrain)), y: gy(gTrain) }, {
          x: applyScaler(globalScaler, take(d.x, d.dim, gVal)),
          y: gy(gVal),
        }, { epochs: 40, patience: 8, seed: opts.seed + 7 }),
    );
    gender = { model, scaler: globalScaler, classes: genderClasses };
  }
  return { family, speakerNorm, main, fallback, gender, ...first };
}

/** Per-row class probabilities, and whether each row was speaker-normalised or fell back to the global model. */
export interface FamilyPrediction {
  probabilities: Float32Array;
  speakerNormalised: boolean[];
}

/**
 * Predict rows: with speaker normalisation, rows whose speaker has at least {@linkcode MIN_SPEAKER_CLIPS} rows among
 * those given are normalised by that speaker's statistics (the transductive step) and go to the main model; the rest
 * go to the global fallback.
 *
 * @param groups Speaker group per row, or null for none (every row falls back).
 */
export function predictFamily(
  f: FittedFamily,
  x: Float32Array,
  dim: number,
  groups: readonly string[] | null,
  numClasses: number,
): FamilyPrediction {
  const n = x.length / dim;
  const probabilities = new Float32Array(n * numClasses);
  const normalised = new Array<boolean>(n).fill(false);
  const run = (m: ScaledModel, rows: number[], input: Float32Array) => {
    if (!rows.length) return;
    const ev = evaluateModel(m.model, { x: applyScaler(m.scaler, input), y: new Int32Array(rows.length) }, numClasses);
    rows.forEach((r, k) =>
      probabilities.set(ev.probabilities.subarray(k * numClasses, (k + 1) * numClasses), r * numClasses)
    );
  };
  if (f.speakerNorm === "none") {
    run(f.main, Array.from({ length: n }, (_, i) => i), x);
    return { probabilities, speakerNormalised: normalised };
  }
  const count = new Map<string, number>();
  for (const g of groups ?? []) if (g) count.set(g, (count.get(g) ?? 0) + 1);
  const withStats = Array.from({ length: n }, (_, i) => i).filter((i) =>
    groups && groups[i] && count.get(groups[i])! >= MIN_SPEAKER_CLIPS
  );
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !withStats.includes(i));
  if (withStats.length) {
    const z = speakerNormalize(take(x, dim, withStats), dim, withStats.map((i) => groups![i])).x;
    run(f.main, withStats, z);
    for (const i of withStats) normalised[i] = true;
  }
  if (rest.length) {
    if (!f.fallback) throw new Error("no global fallback model for clips without speaker statistics");
    run(f.fallback, rest, take(x, dim, rest));
  }
  return { probabilities, speakerNormalised: normalised };
}

/** Gender probabilities per row (female, male), or null when there is no gender model. */
export function predictGender(f: FittedFamily, x: Float32Array, dim: number): Float32Array | null {
  if (!f.gender) return null;
  const n = x.length / dim;
  return evaluateModel(f.gender.model, { x: applyScaler(f.gender.scaler, x), y: new Int32Array(n) }, 2).probabilities;
}

/** Release the tensors of a fitted family. */
export function disposeFamily(f: FittedFamily): void {
  const seen = new Set<tf.LayersModel>();
  for (const m of [f.main.model, f.fallback?.model, f.gender?.model]) if (m && !seen.has(m)) (seen.add(m), m.dispose());
}
