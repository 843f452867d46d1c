/**
 * Private: fit, predict, save and load for the families that are ensembles of MLPs on one feature set (every family
 * today). A family file gives its network, recipe, feature set and modes; this supplies the rest.
 *
 * @module
 */
import { balanceRows, take } from "./_balance.ts";
import { adversaryDomains } from "./_domains.ts";
import {
  ARTIFACT_FILES,
  LEGACY_LEFTOVERS,
  type ModeFiles,
  modeFiles,
  modeFilesIn,
} from "../artifacts/artifact_layout.ts";
import * as tf from "@tensorflow/tfjs";
import { joinPath as join } from "../../io/file_path.ts";
import {
  ArtifactError,
  loadModel,
  type ModelMetadata,
  readJson,
  readScaler,
  saveModel,
  writeScaler,
} from "../artifacts/artifact_files.ts";
import { buildGenderMlp } from "../networks/mlp.ts";
import { USE_MODE_NAMES, USE_MODES, type UseModeName, useModeName } from "../modes/mode_registry.ts";
import { DEFAULT_ENROLMENT, type UseContext } from "../modes/use_mode.ts";
import { enrolmentWeight } from "../modes/enrolled.ts";
import { type Curve, type MemberSolver, trainMembers } from "./_members.ts";
import type { FeatureView } from "../../features/feature_views.ts";
import { applyScaler } from "../networks/scaler.ts";
import { withSeededRandom } from "../engine/seeded_random.ts";
import { evaluateModel, trainModel } from "../engine/train_model.ts";
import {
  type FitData,
  type FitOptions,
  type FittedFamily,
  ModeError,
  type ModelFamily,
  type RowPrediction,
  type ScaledModel,
} from "./family.ts";
import { writeFileAtomic } from "../../io/write_atomic.ts";
import { FEATURE_SETS, type FeatureSetName } from "../../features/feature_sets.ts";

/**
 * What a family file gives; with `views`, `members` seeds are trained on each view (see `_members.ts`) and folded
 * into one model.
 */
export type MlpFamilySpec =
  & Omit<
    ModelFamily,
    "fit" | "predict" | "predictGender" | "save" | "load" | "dispose" | "earlyStopping"
  >
  & {
    views?: readonly FeatureView[];
    /** A direct solver for each member (a classic learner), instead of epochs of training. */
    solve?: MemberSolver;
  };

/** The gender model on globally scaled rows, when both genders occur in training and validation has some. */
async function fitGender(
  d: FitData,
  train: readonly number[],
  val: readonly number[],
  scaler: ScaledModel["scaler"],
  seed: number,
) {
  const classes = ["female", "male"];
  const known = (rows: readonly number[]) => rows.filter((r) => classes.includes(d.genders[r]));
  const gTrain = known(train), gVal = known(val);
  if (new Set(gTrain.map((r) => d.genders[r])).size !== 2 || gVal.length === 0) return null;
  const gy = (rows: number[]) => Int32Array.from(rows, (r) => classes.indexOf(d.genders[r]));
  const model = await withSeededRandom(seed + 7, () => buildGenderMlp(d.dim));
  await withSeededRandom(
    seed + 7,
    () =>
      trainModel(model, { x: applyScaler(scaler, take(d.x, d.dim, gTrain)), y: gy(gTrain) }, {
        x: applyScaler(scaler, take(d.x, d.dim, gVal)),
        y: gy(gVal),
      }, { epochs: 40, patience: 8, seed: seed + 7 }),
  );
  return { model, scaler, classes };
}

async function fit(
  spec: MlpFamilySpec,
  family: ModelFamily,
  d: FitData,
  train: readonly number[],
  val: readonly number[],
  opts: FitOptions,
): Promise<FittedFamily> {
  const modes = USE_MODE_NAMES.filter((m) => m === "global" || (opts.modes ?? spec.defaultModes).includes(m));
  for (const m of modes) {
    if (!spec.modes.includes(m)) {
      throw new ModeError(`${spec.name} cannot be trained for the ${m} mode (it supports ${spec.modes.join(", ")})`);
    }
  }
  const enrolment = opts.enrolment ?? DEFAULT_ENROLMENT;
  if (opts.balance === "weights" && !spec.solve) {
    throw new RangeError(
      `${spec.name} cannot take class weights (a network trained by epochs); use --balance oversample, or a learner ` +
        "that takes weights (logreg)",
    );
  }
  if ((opts.adversary ?? "none") !== "none" && spec.solve) {
    throw new RangeError(
      `${spec.name} is solved, not trained by epochs: an adversary (--adversary ${opts.adversary}) needs a network ` +
        "family (pooled-mlp, views-mlp, original-mlp)",
    );
  }
  const adversary = adversaryDomains(d, train, opts.adversary ?? "none");
  const labels = (rows: readonly number[]) => Int32Array.from(rows, (r) => d.y[r]);
  const rowsOf = (rows: readonly number[]) => ({
    x: take(d.x, d.dim, rows),
    dim: d.dim,
    speakers: rows.map((r) => d.speakers[r]),
    labels: rows.map((r) => d.classes[d.y[r]]),
    seconds: rows.map((r) => d.seconds[r]),
  });
  const trainRows = rowsOf(train), valRows = rowsOf(val);
  const fitted: Partial<FittedFamily["modes"]> = {};
  const notes: string[] = [];
  let curve: Curve | null = null;
  for (const [k, m] of modes.entries()) {
    const mode = USE_MODES[m];
    const tr = mode.prepareTraining(trainRows, { enrolment, seed: opts.seed });
    const va = mode.prepareTraining(valRows, { enrolment, seed: opts.seed + 1 });
    for (const n of tr.notes) if (!notes.includes(`${m}: ${n}`)) notes.push(`${m}: ${n}`), opts.log?.(`  ${m}: ${n}`);
    const fitRows = balanceRows({ x: tr.x, y: labels(train), domains: adversary?.domains }, d.dim, {
      balance: opts.balance ?? "none",
      classes: d.classes.length,
      corpora: d.corpora && train.map((r) => d.corpora![r]),
      seed: opts.seed,
    });
    const r = await trainMembers(spec, fitRows, { x: va.x, y: labels(val) }, d.classes.length, {
      ...opts,
      domains: adversary?.count,
      seed: opts.seed + k,
      report: m === "global",
    });
    fitted[m] = r.scaled;
    if (m === "global") curve = r.curve;
  }
  const global = fitted.global!;
  const gender = opts.gender === false ? null : await fitGender(d, train, val, global.scaler, opts.seed);
  return {
    family,
    modes: fitted as FittedFamily["modes"],
    enrolment: modes.includes("enrolled") ? enrolment : null,
    gender,
    notes,
    ...curve!,
  };
}

function predict(f: FittedFamily, x: Float32Array, mode: UseModeName, context: UseContext = {}): RowPrediction {
  const model = f.modes[mode];
  if (!model) {
    throw new ModeError(
      `this ${f.family.name} model was trained for the ${Object.keys(f.modes).join(", ")} mode` +
        `${Object.keys(f.modes).length > 1 ? "s" : ""}, not ${mode}: retrain with --modes ${
          [...Object.keys(f.modes), mode].join(",")
        }`,
    );
  }
  const dim = model.scaler.mean.length, n = x.length / dim, K = f.modes.global.model.outputs[0].shape[1] as number;
  const probabilities = new Float32Array(n * K);
  const run = (m: ScaledModel, rows: number[], input: Float32Array, weight = (_r: number) => 1) => {
    if (!rows.length) return;
    const ev = evaluateModel(m.model, { x: applyScaler(m.scaler, input), y: new Int32Array(rows.length) }, K);
    rows.forEach((r, k) => {
      const w = weight(r);
      for (let c = 0; c < K; c++) probabilities[r * K + c] += w * ev.probabilities[k * K + c];
    });
  };
  const prepared = USE_MODES[mode].prepareUse(x, dim, context);
  const served: number[] = [], rest: number[] = [];
  prepared.served.forEach((s, i) => (s ? served : rest).push(i));
  // An enrolled answer is w · enrolled + (1 − w) · global, w from the enrolment's length (`enrolmentWeight`).
  const weights = mode === "enrolled"
    ? prepared.served.map((s, r) => (s ? enrolmentWeight(context.enrolments?.[r]?.seconds ?? NaN) : null))
    : undefined;
  const shrunk = weights ? served.filter((r) => weights[r]! < 1) : [];
  run(model, served, take(prepared.x, dim, served), (r) => weights?.[r] ?? 1);
  run(f.modes.global, [...rest, ...shrunk], take(x, dim, [...rest, ...shrunk]), (r) => 1 - (weights?.[r] ?? 0));
  return {
    probabilities,
    modeUsed: prepared.served.map((s) => (s ? mode : "global")),
    notes: prepared.notes,
    ...(weights ? { enrolmentWeights: weights } : {}),
  };
}

function predictGender(f: FittedFamily, x: Float32Array): Float32Array | null {
  if (!f.gender) return null;
  const n = x.length / f.gender.scaler.mean.length;
  return evaluateModel(f.gender.model, { x: applyScaler(f.gender.scaler, x), y: new Int32Array(n) }, 2).probabilities;
}

async function save(dir: string, f: FittedFamily, options: { best?: tf.LayersModel } = {}): Promise<void> {
  for (const m of USE_MODE_NAMES) {
    const files = modeFiles(m), model = f.modes[m];
    if (model) {
      await saveModel(model.model, join(dir, files.dir));
      await writeScaler(join(dir, files.scaler), model.scaler);
    } else if (m !== "global") {
      await Deno.remove(join(dir, files.dir), { recursive: true }).catch(() => {});
      await Deno.remove(join(dir, files.scaler)).catch(() => {});
    }
  }
  if (options.best) await saveModel(options.best, join(dir, ARTIFACT_FILES.best));
  // Older runs' layout (global/ for the fallback of a transductive model in model/) is removed when overwritten.
  for (const f of LEGACY_LEFTOVERS) await Deno.remove(join(dir, f), { recursive: true }).catch(() => {});
  if (f.gender) {
    await saveModel(f.gender.model, join(dir, ARTIFACT_FILES.genderModel));
    await writeFileAtomic(
      join(dir, ARTIFACT_FILES.gender),
      JSON.stringify({
        classes: f.gender.classes,
        scaler: { mean: f.gender.scaler.mean, scale: f.gender.scaler.scale },
      }),
    );
  } else {
    await Deno.remove(join(dir, ARTIFACT_FILES.genderModel), { recursive: true }).catch(() => {});
    await Deno.remove(join(dir, ARTIFACT_FILES.gender)).catch(() => {});
  }
}

/** The files of each mode in an artifacts folder, for this layout or an older run's (`artifact_layout.ts`). */
function layoutOf(metadata: ModelMetadata): Partial<Record<UseModeName, ModeFiles>> {
  const modes = metadata.modes ? metadata.modes.map(useModeName) : USE_MODE_NAMES;
  return Object.fromEntries(modes.flatMap((m) => {
    const files = modeFilesIn(metadata, m);
    return files ? [[m, files]] : [];
  }));
}

async function load(
  spec: MlpFamilySpec,
  family: ModelFamily,
  dir: string,
  metadata: ModelMetadata,
  options: { which?: "model" | "best" } = {},
): Promise<FittedFamily> {
  const classes = metadata.classes.length, features = FEATURE_SETS[spec.featureSet].count;
  /** A model's input width against its scaler file's and this code's, its output width against the labels file's. */
  const check = (
    m: tf.LayersModel,
    scaler: ScaledModel["scaler"],
    files: { scaler: string; labels: string },
    outputs: number,
  ) => {
    const inputs = m.inputs[0].shape[1], out = m.outputs[0].shape[1];
    if (inputs !== scaler.mean.length) {
      throw new ArtifactError(
        `${dir}: ${files.scaler} has ${scaler.mean.length} features but the model expects ${inputs}`,
      );
    }
    if (inputs !== features) {
      throw new ArtifactError(
        `${dir}: the model expects ${inputs} features but this code extracts ${features} (${spec.featureSet} feature set)`,
      );
    }
    if (out !== outputs) {
      throw new ArtifactError(`${dir}: ${files.labels} lists ${outputs} classes but the model outputs ${out}`);
    }
  };
  const modes: Partial<FittedFamily["modes"]> = {};
  for (const [m, files] of Object.entries(layoutOf(metadata)) as [UseModeName, { dir: string; scaler: string }][]) {
    const which = m === "global" && options.which === "best" ? "best" : files.dir;
    const scaler = await readScaler(join(dir, files.scaler));
    const model = await loadModel(join(dir, which));
    check(model, scaler, { scaler: files.scaler, labels: ARTIFACT_FILES.labels }, classes);
    modes[m] = { model, scaler };
  }
  if (!modes.global) throw new ArtifactError(`${dir}: no global model`);
  let gender: FittedFamily["gender"] = null;
  if (metadata.gender_classes) {
    const g = await readJson<{ classes: string[]; scaler: ScaledModel["scaler"] }>(join(dir, ARTIFACT_FILES.gender));
    const model = await loadModel(join(dir, "gender"));
    check(model, g.scaler, { scaler: ARTIFACT_FILES.gender, labels: ARTIFACT_FILES.gender }, g.classes.length);
    gender = { model, scaler: g.scaler, classes: g.classes };
  }
  return {
    family,
    modes: modes as FittedFamily["modes"],
    enrolment: modes.enrolled ? metadata.enrolment ?? DEFAULT_ENROLMENT : null,
    gender,
    history: [],
    bestEpoch: metadata.best_epoch - 1,
    stoppedEarly: false,
    notes: [],
  };
}

function dispose(f: FittedFamily): void {
  const seen = new Set<tf.LayersModel>();
  for (const m of [...Object.values(f.modes).map((s) => s?.model), f.gender?.model]) {
    if (m && !seen.has(m)) (seen.add(m), m.dispose());
  }
}

/**
 * A {@linkcode ModelFamily} from its spec: every mode trained with `members` seeds of `build`, averaged into one
 * model per mode; artifacts as `model/` (global), `<mode>/` and `gender/`, each with its scaler.
 *
 * @example
 * export const TINY_MLP = mlpEnsembleFamily({ name: "tiny-mlp", featureSet: "seed", build: …, … });
 */
export function mlpEnsembleFamily(spec: MlpFamilySpec): ModelFamily {
  const family: ModelFamily = {
    ...spec,
    earlyStopping: !spec.solve,
    fit: (d, train, val, opts) => fit(spec, family, d, train, val, opts),
    predict,
    predictGender,
    save,
    load: (dir, metadata, options) => load(spec, family, dir, metadata, options),
    dispose,
    ...(spec.views ? {} : {
      withFeatureSet: (set: FeatureSetName) =>
        set === spec.featureSet ? family : mlpEnsembleFamily({
          ...spec,
          name: `${spec.name.split("@")[0]}@${set}`,
          aliases: [],
          featureSet: set,
          description: `${spec.description.replace(/ on .*$/, "")} on the ${set} feature set`,
        }),
    }),
  };
  return family;
}
