/**
 * Experiments as files: a TOML file names the data, the labels, the protocols and a grid of model settings; every
 * combination is a cell that `runExperiment` runs as one cross-validation. Unknown keys and wrong types are refused,
 * naming the key, the value and what was expected.
 *
 * ```toml
 * name = "learners across corpora"
 * data = "/data/real"                  # relative paths are relative to this file
 * labels = ["angry", "happy", "neutral", "sad"]
 * merge = { calm = "neutral" }
 * protocols = ["corpus"]               # ravdess6, loso, corpus
 * modes = ["global", "enrolled"]
 * seeds = [42]
 *
 * [grid]
 * model = ["pooled-mlp", "logreg"]
 * features = ["original", "pooled", "mfcc"]   # each learner on each set (NAME@SET); default: each family's own
 * augment = [0, 1]
 * augment_plan = ["level"]
 * balance = ["none", "oversample"]   # class balancing: none, weights (solvers), oversample, corpus
 * adversary = ["none", "speaker"]     # a gradient-reversed speaker or corpus head (networks only)
 * ```
 *
 * A top-level `adversary_weight = 0.3` sets the adversaries' final gradient-reversal weight λ.
 *
 * @module
 */
import { parse } from "smol-toml";
import { dirname, isAbsolute, join } from "node:path";
import { AUGMENT_PLANS, type AugmentPlanName } from "../../data/mod.ts";
import {
  ADVERSARIES,
  type Adversary,
  type Balance,
  BALANCES as BALANCE_CHOICES,
  DEFAULT_ADVERSARY_WEIGHT,
  DEFAULT_FAMILY,
  modelFamily,
  USE_MODE_NAMES,
  type UseModeName,
} from "../../model/mod.ts";
import { FEATURE_SETS, type FeatureSetName } from "../../features/feature_sets.ts";

/** The protocols an experiment can run. */
export const EXPERIMENT_PROTOCOLS = ["ravdess6", "loso", "corpus"] as const;
export type ExperimentProtocol = (typeof EXPERIMENT_PROTOCOLS)[number];

/** A parsed, checked experiment. */
export interface ExperimentSpec {
  name: string;
  /** The corpus folder (absolute). */
  data: string;
  labels: string[] | null;
  merge: Record<string, string>;
  protocols: ExperimentProtocol[];
  /** `corpus` protocol: test only these corpora (default each in turn). */
  test: string[] | null;
  modes: UseModeName[];
  seeds: number[];
  grid: {
    model: string[];
    /** Feature sets each model runs on (`NAME@SET`); null: each family's own. */
    features: FeatureSetName[] | null;
    augment: number[];
    augmentPlan: AugmentPlanName[];
    balance: (typeof BALANCES)[number][];
    adversary: Adversary[];
  };
  /** The adversaries' final gradient-reversal weight λ. Default {@linkcode DEFAULT_ADVERSARY_WEIGHT}. */
  adversaryWeight: number;
  /** Maximum epochs (default: each family's). */
  epochs: number | null;
  /** Where results go (absolute); default `outputs/experiments/<name>` beside the working directory. */
  out: string | null;
}

/** A bad experiment file: the file, the key, the value and what was expected. */
export class ExperimentError extends Error {
  override name = "ExperimentError";
}

const KEYS = [
  "name",
  "data",
  "labels",
  "merge",
  "protocols",
  "test",
  "modes",
  "seeds",
  "grid",
  "epochs",
  "out",
  "adversary_weight",
];
const GRID_KEYS = ["model", "features", "augment", "augment_plan", "balance", "adversary"];
const BALANCES = BALANCE_CHOICES;

/**
 * Read and check an experiment file.
 *
 * @throws {ExperimentError} For TOML that does not parse, an unknown key, or a value of the wrong kind.
 * @example
 * const spec = await readExperiment("notebooks/experiments/learners.toml");
 */
export async function readExperiment(path: string): Promise<ExperimentSpec> {
  const text = await Deno.readTextFile(path);
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new ExperimentError(`${path}: not valid TOML (${(e as Error).message.split("\n")[0]})`);
  }
  return checkExperiment(raw, { file: path, base: dirname(path) });
}

/** Check a parsed experiment (exported for experiments built in code: `base` resolves relative paths). */
export function checkExperiment(raw: Record<string, unknown>, at: { file: string; base: string }): ExperimentSpec {
  const fail = (key: string, value: unknown, expected: string): never => {
    throw new ExperimentError(`${at.file}: \`${key}\` must be ${expected}: received ${JSON.stringify(value)}`);
  };
  for (const k of Object.keys(raw)) {
    if (!KEYS.includes(k)) fail(k, raw[k], `one of the known keys (${KEYS.join(", ")})`);
  }
  const strings = (key: string, v: unknown): string[] =>
    Array.isArray(v) && v.every((s) => typeof s === "string") ? v as string[] : fail(key, v, "a list of strings");
  const numbers = (key: string, v: unknown): number[] =>
    Array.isArray(v) && v.every((s) => Number.isInteger(s) && (s as number) >= 0)
      ? v as number[]
      : fail(key, v, "a list of whole numbers ≥ 0");
  const path = (key: string, v: unknown) =>
    typeof v === "string" && v ? (isAbsolute(v) ? v : join(at.base, v)) : fail(key, v, "a path");
  const name = typeof raw.name === "string" && /^[\w .-]+$/.test(raw.name)
    ? raw.name
    : fail("name", raw.name, "a name (letters, digits, spaces, . _ -)");
  const grid = checkGrid(raw.grid, { fail, strings, numbers });
  const adversaryWeight = raw.adversary_weight === undefined
    ? DEFAULT_ADVERSARY_WEIGHT
    : typeof raw.adversary_weight === "number" && raw.adversary_weight >= 0 && Number.isFinite(raw.adversary_weight)
    ? raw.adversary_weight
    : fail("adversary_weight", raw.adversary_weight, "a number ≥ 0");
  const protocols = strings("protocols", raw.protocols ?? ["corpus"]);
  for (const p of protocols) {
    if (!EXPERIMENT_PROTOCOLS.includes(p as ExperimentProtocol)) fail("protocols", p, EXPERIMENT_PROTOCOLS.join(", "));
  }
  const modes = strings("modes", raw.modes ?? ["global"]);
  for (const m of modes) if (!USE_MODE_NAMES.includes(m as UseModeName)) fail("modes", m, USE_MODE_NAMES.join(", "));
  const merge = (raw.merge ?? {}) as Record<string, unknown>;
  if (typeof merge !== "object" || Array.isArray(merge) || Object.values(merge).some((v) => typeof v !== "string")) {
    fail("merge", raw.merge, "a table of label = label");
  }
  const epochs = raw.epochs === undefined
    ? null
    : Number.isInteger(raw.epochs) && (raw.epochs as number) > 0
    ? raw.epochs as number
    : fail("epochs", raw.epochs, "a whole number > 0");
  return {
    name,
    data: path("data", raw.data),
    labels: raw.labels === undefined ? null : strings("labels", raw.labels),
    merge: merge as Record<string, string>,
    protocols: protocols as ExperimentProtocol[],
    test: raw.test === undefined ? null : strings("test", raw.test),
    modes: modes as UseModeName[],
    seeds: numbers("seeds", raw.seeds ?? [42]),
    grid,
    adversaryWeight,
    epochs,
    out: raw.out === undefined ? null : path("out", raw.out),
  };
}

/** The `[grid]` table, checked: every key known, every model, set, plan, balancing and adversary valid together. */
function checkGrid(
  raw: unknown,
  check: {
    fail: (key: string, value: unknown, expected: string) => never;
    strings: (key: string, v: unknown) => string[];
    numbers: (key: string, v: unknown) => number[];
  },
): ExperimentSpec["grid"] {
  const { fail, strings, numbers } = check;
  const grid = (raw ?? {}) as Record<string, unknown>;
  if (typeof grid !== "object" || Array.isArray(grid)) fail("grid", raw, "a table");
  for (const k of Object.keys(grid)) {
    if (!GRID_KEYS.includes(k)) fail(`grid.${k}`, grid[k], `one of ${GRID_KEYS.join(", ")}`);
  }
  const models = strings("grid.model", grid.model ?? [DEFAULT_FAMILY.name]).map((m) => {
    try {
      return modelFamily(m).name;
    } catch (e) {
      return fail("grid.model", m, (e as Error).message.replace(/^unknown model family "[^"]*" /, "a family "));
    }
  });
  const features = grid.features === undefined ? null : strings("grid.features", grid.features);
  for (const f of features ?? []) {
    if (!(f in FEATURE_SETS)) fail("grid.features", f, Object.keys(FEATURE_SETS).join(", "));
    for (const m of models) {
      try {
        modelFamily(`${m}@${f}`);
      } catch (e) {
        fail("grid.features", f, `a set ${m} can take (${(e as Error).message})`);
      }
    }
  }
  const plans = strings("grid.augment_plan", grid.augment_plan ?? ["level"]);
  for (const p of plans) {
    if (!AUGMENT_PLANS.includes(p as AugmentPlanName)) fail("grid.augment_plan", p, "level or chain");
  }
  const balance = strings("grid.balance", grid.balance ?? ["none"]);
  for (const b of balance) if (!BALANCES.includes(b as never)) fail("grid.balance", b, BALANCES.join(", "));
  const adversary = strings("grid.adversary", grid.adversary ?? ["none"]);
  const solved = models.find((m) => !modelFamily(m).earlyStopping);
  for (const a of adversary) {
    if (!ADVERSARIES.includes(a as Adversary)) fail("grid.adversary", a, ADVERSARIES.join(", "));
    if (a !== "none" && solved) fail("grid.adversary", a, `none with ${solved} (solved, not trained by epochs)`);
  }
  return {
    model: models,
    features: features as FeatureSetName[] | null,
    augment: numbers("grid.augment", grid.augment ?? [0]),
    augmentPlan: plans as AugmentPlanName[],
    balance: balance as (typeof BALANCES)[number][],
    adversary: adversary as Adversary[],
  };
}

/**
 * An experiment back in the form of its file (paths absolute): what travels in a queue's jobs, where a worker checks
 * it again with {@linkcode checkExperiment} as `./ser experiment` checks the file.
 *
 * @example
 * checkExperiment(experimentToRaw(spec), { file: "job", base: "/" }); // the same spec
 */
export function experimentToRaw(spec: ExperimentSpec): Record<string, unknown> {
  return {
    name: spec.name,
    data: spec.data,
    ...(spec.labels ? { labels: spec.labels } : {}),
    merge: spec.merge,
    protocols: spec.protocols,
    ...(spec.test ? { test: spec.test } : {}),
    modes: spec.modes,
    seeds: spec.seeds,
    grid: {
      model: spec.grid.model,
      ...(spec.grid.features ? { features: spec.grid.features } : {}),
      augment: spec.grid.augment,
      augment_plan: spec.grid.augmentPlan,
      balance: spec.grid.balance,
      adversary: spec.grid.adversary,
    },
    adversary_weight: spec.adversaryWeight,
    ...(spec.epochs !== null ? { epochs: spec.epochs } : {}),
    ...(spec.out !== null ? { out: spec.out } : {}),
  };
}

/** One combination of the grid. */
export interface ExperimentCell {
  /** A stable id from its settings, e.g. `corpus__pooled-mlp__aug1-level__seed42` (`svm.mfcc` for `svm@mfcc`). */
  id: string;
  protocol: ExperimentProtocol;
  /** The family, as `NAME@SET` when the grid names feature sets. */
  model: string;
  augment: number;
  augmentPlan: AugmentPlanName;
  balance: Balance;
  adversary: Adversary;
  seed: number;
}

/**
 * Every cell of an experiment: protocols × models × feature sets × augment × plans × balancing × adversaries × seeds, in
 * that order (a
 * plan only matters with copies: `augment = 0` cells are not repeated per plan; a model on its own set is named plainly).
 *
 * @example
 * experimentCells(spec).map((c) => c.id);
 */
export function experimentCells(spec: ExperimentSpec): ExperimentCell[] {
  const cells: ExperimentCell[] = [];
  const models = spec.grid.model.flatMap((m) =>
    (spec.grid.features ?? [null]).map((f) => (f === null || f === modelFamily(m).featureSet ? m : `${m}@${f}`))
  );
  for (const protocol of spec.protocols) {
    for (const model of models) {
      for (const augment of spec.grid.augment) {
        for (const augmentPlan of augment ? spec.grid.augmentPlan : ["level" as const]) {
          for (const balance of spec.grid.balance) {
            for (const adversary of spec.grid.adversary) {
              for (const seed of spec.seeds) {
                const id = `${protocol}__${model.replace("@", ".")}__aug${augment}${augment ? `-${augmentPlan}` : ""}${
                  balance === "none" ? "" : `__${balance}`
                }${adversary === "none" ? "" : `__adv-${adversary}`}__seed${seed}`;
                cells.push({ id, protocol, model, augment, augmentPlan, balance, adversary, seed });
              }
            }
          }
        }
      }
    }
  }
  return cells;
}
