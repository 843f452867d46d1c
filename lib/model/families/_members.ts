/**
 * Private: the members of an MLP ensemble for one use mode — `members` seeds of the family's network, on the rows as
 * they are, or on each of the family's feature views; each view-trained member is folded back onto the rows as they
 * are (its view and its scaler go into its first layer), so the ensemble is one plain model behind one scaler.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { applyView, applyViewTransposed, type FeatureView } from "../../features/feature_views.ts";
import { ensembleModel } from "../networks/ensemble.ts";
import { applyScaler, fitScaler, type Scaler } from "../networks/scaler.ts";
import { withSeededRandom } from "../engine/seeded_random.ts";
import { type EpochRecord, trainModel } from "../engine/train_model.ts";
import { DEFAULT_ADVERSARY_WEIGHT, type FitOptions, type ModelFamily, type ScaledModel } from "./family.ts";

/** What a trained mode's first member's training looked like. */
export type Curve = { history: EpochRecord[]; bestEpoch: number; stoppedEarly: boolean };

/** The family fields member training needs. */
type Spec = Pick<ModelFamily, "build" | "members" | "recipe"> & {
  views?: readonly FeatureView[];
  /** Fit a built member directly (a convex learner's solver) instead of training it by epochs. */
  solve?: MemberSolver;
};

/**
 * A solver that sets a built member's weights from standardised training rows, and reports its curve; a learner whose
 * network's size is known only once solved (an SVM's support vectors) returns the model it built instead.
 */
export type MemberSolver = (
  model: tf.LayersModel,
  train: { x: Float32Array; y: Int32Array },
  classes: number,
  options: { balanced: boolean; seed: number },
) => Curve & { model?: tf.LayersModel };

/** Training rows: features, labels and, with an adversary, each row's domain. */
type TrainRows = { x: Float32Array; y: Int32Array; domains?: Int32Array };
/** What member training takes beyond the fit options: whether to report, and how many domains an adversary has. */
type MemberOptions = FitOptions & { report: boolean; domains?: number };

/** Train `members` seeds on standardised rows; the first seed's curve is reported. */
async function trainSeeds(
  spec: Spec,
  train: TrainRows,
  val: { x: Float32Array; y: Int32Array },
  numClasses: number,
  opts: MemberOptions,
): Promise<{ models: tf.LayersModel[]; curve: Curve }> {
  const dim = train.x.length / Math.max(1, train.y.length);
  const models: tf.LayersModel[] = [];
  let curve: Curve | null = null;
  for (let m = 0; m < spec.members; m++) {
    const seed = opts.seed + 1000 * m;
    const model = await withSeededRandom(seed, () => spec.build(dim, numClasses));
    const report = m === 0 && opts.report;
    if (spec.solve) {
      const r = spec.solve(model, train, numClasses, { balanced: opts.balance === "weights", seed });
      curve ??= { history: r.history, bestEpoch: r.bestEpoch, stoppedEarly: r.stoppedEarly };
      if (r.model && r.model !== model) model.dispose();
      models.push(r.model ?? model);
      continue;
    }
    const result = await withSeededRandom(seed, () =>
      trainModel(model, train, val, {
        ...spec.recipe,
        epochs: opts.epochs ?? spec.recipe.epochs,
        seed,
        onEpoch: report ? opts.onEpoch : undefined,
        onBestAccuracy: report && opts.onBestAccuracy ? () => opts.onBestAccuracy!(model) : undefined,
        adversary: train.domains && opts.domains
          ? {
            domains: train.domains,
            count: opts.domains,
            weight: opts.adversaryWeight ?? DEFAULT_ADVERSARY_WEIGHT,
          }
          : undefined,
      }));
    curve ??= result;
    models.push(model);
  }
  return { models, curve: curve! };
}

/**
 * Fold a member trained on `(T x − μ_v) / σ_v` onto `(x − μ) / σ`: its first Dense layer's kernel becomes
 * `diag(σ) Tᵀ diag(1/σ_v) W` and its bias `b + Wᵀ c` with `c = (T μ − μ_v) / σ_v`, so the member's outputs are
 * unchanged for the common scaler's inputs.
 */
export function foldView(model: tf.LayersModel, view: FeatureView, viewScaler: Scaler, common: Scaler): void {
  const dense = model.layers[0];
  const [kernel, bias] = dense.getWeights();
  const [F, U] = kernel.shape as [number, number];
  const W = kernel.dataSync() as Float32Array, b = bias.dataSync() as Float32Array;
  const tMu = applyView(view, Float32Array.from(common.mean), F);
  const c = Float64Array.from({ length: F }, (_, f) => (tMu[f] - viewScaler.mean[f]) / viewScaler.scale[f]);
  const K = new Float32Array(F * U), B = new Float32Array(U), column = new Float64Array(F);
  for (let u = 0; u < U; u++) {
    for (let f = 0; f < F; f++) column[f] = W[f * U + u] / viewScaler.scale[f];
    const t = applyViewTransposed(view, column);
    let acc = b[u];
    for (let f = 0; f < F; f++) {
      K[f * U + u] = common.scale[f] * t[f];
      acc += W[f * U + u] * c[f];
    }
    B[u] = acc;
  }
  const next = [tf.tensor2d(K, [F, U]), tf.tensor1d(B)];
  dense.setWeights(next);
  tf.dispose(next);
}

/**
 * The scaler of a view's rows. A column the view cancels exactly in real arithmetic (MFCC 0's mean less 8 × the level
 * is the DCT's own definition of the level) is left with float32 rounding noise, whose spread is ~1e-6 of the
 * column's: standardised, the noise would become a unit-variance input whose folded weights amplify rounding ~10⁶-fold.
 * Such columns (spread < 1e-4 of the column's before the view) get an infinite scale: they read as 0.
 */
export function viewScaler(viewed: Float32Array, dim: number, common: Scaler): Scaler {
  const s = fitScaler(viewed, dim);
  return { mean: s.mean, scale: s.scale.map((v, f) => (v < 1e-4 * common.scale[f] ? Infinity : v)) };
}

/**
 * A mode's ensemble: members on the rows as they are (no views), or on each view and folded back; one model behind
 * one scaler fitted on the training rows.
 */
export async function trainMembers(
  spec: Spec,
  train: TrainRows,
  val: { x: Float32Array; y: Int32Array },
  numClasses: number,
  opts: MemberOptions,
): Promise<{ scaled: ScaledModel; curve: Curve }> {
  const dim = train.x.length / Math.max(1, train.y.length);
  const scaler = fitScaler(train.x, dim);
  const views = spec.views ?? [];
  const models: tf.LayersModel[] = [];
  let curve: Curve | null = null;
  if (views.length === 0) {
    const r = await trainSeeds(
      spec,
      { ...train, x: applyScaler(scaler, train.x) },
      { ...val, x: applyScaler(scaler, val.x) },
      numClasses,
      opts,
    );
    models.push(...r.models);
    curve = r.curve;
  }
  for (const [k, view] of views.entries()) {
    const tr = applyView(view, train.x, dim), va = applyView(view, val.x, dim);
    const vs = viewScaler(tr, dim, scaler);
    const r = await trainSeeds(
      spec,
      { ...train, x: applyScaler(vs, tr) },
      { ...val, x: applyScaler(vs, va) },
      numClasses,
      {
        ...opts,
        seed: opts.seed + 100 * k,
        report: opts.report && k === 0,
      },
    );
    for (const m of r.models) foldView(m, view, vs, scaler);
    models.push(...r.models);
    curve ??= r.curve;
  }
  const model = ensembleModel(models);
  // The ensemble holds copies of the members' weights.
  if (models.length > 1) models.forEach((m) => m.dispose());
  return { scaled: { model, scaler }, curve: curve! };
}
