/**
 * Private: argument parsing for the CLI tasks, from the task table (`tasks.ts`). `--help` prints the task's help;
 * an unknown option, a missing value or a bad one prints what was expected (with "did you mean" for a typo) and
 * the task's usage, and exits 2.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { AUGMENT_PLANS, type AugmentPlanName, parseLabelList, parseMerge } from "$lib/data/mod.ts";
import { familyNames } from "$lib/model/families/family_registry.ts";
import { ADVERSARIES, type Adversary, type Balance, BALANCES } from "$lib/model/families/family.ts";
import { parseUseModes, type UseModeName, useModeName } from "$lib/model/modes/mode_registry.ts";
import { didYouMean, helpOf, task, type TaskSpec, usageOf } from "./tasks.ts";

/** Parsed arguments: option values by name (strings, or booleans for switches) and positionals. */
export interface ParsedTask {
  spec: TaskSpec;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Print `./ser TASK: message`, the task's usage, and exit with status 2. */
export function usageError(spec: TaskSpec, message: string): never {
  console.error(`./ser ${spec.name}: ${message}\n${usageOf(spec)}\n(./ser help ${spec.name} for every option)`);
  Deno.exit(2);
}

/** What node's parseArgs complained about, in our words (and "did you mean" for a misspelt option). */
function explain(spec: TaskSpec, e: Error): string {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(e.message)?.[1];
  if (unknown) {
    const guess = didYouMean(unknown.replace(/^-+/, ""), spec.options.map((o) => o.name));
    return `unknown option ${unknown}${guess ? ` (did you mean --${guess}?)` : ""}`;
  }
  const missing = /Option '(-{1,2}[^ ']+)(?: [^']*)?' argument missing/.exec(e.message)?.[1];
  if (missing) return `${missing} needs a value`;
  if (/Unexpected argument/.test(e.message)) {
    return `${spec.name} takes no file arguments (${e.message.split(". ")[0]})`;
  }
  return e.message;
}

/**
 * Parse `args` (default `Deno.args`) for a task of the table: `--help`/`-h` prints its help and exits 0.
 *
 * @example
 * const { values, positionals } = parseTask("predict");
 */
export function parseTask(name: string, args: readonly string[] = Deno.args): ParsedTask {
  const spec = task(name);
  const options = Object.fromEntries([
    ...spec.options.map((o) => [o.name, {
      type: o.value ? "string" as const : "boolean" as const,
      ...(o.short ? { short: o.short } : {}),
      ...(o.default !== undefined && o.value ? { default: o.default } : {}),
    }]),
    ["help", { type: "boolean" as const, short: "h" }],
  ]);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (e) {
    return usageError(spec, explain(spec, e as Error));
  }
  if ((parsed.values as Record<string, unknown>).help) {
    console.log(helpOf(spec));
    Deno.exit(0);
  }
  return { spec, values: parsed.values as ParsedTask["values"], positionals: parsed.positionals };
}

/** A string option's value (undefined when absent). */
export function str(p: ParsedTask, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === "string" ? v : undefined;
}

/** `--name` as an integer ≥ `min`; undefined stays undefined. Exits 2 with a clear message otherwise. */
export function intFlag(p: ParsedTask, name: string, min: number): number | undefined {
  const value = str(p, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usageError(p.spec, `--${name} must be an integer ≥ ${min}: received ${value}`);
  return n;
}

/** `--name` as a number in [lo, hi]; undefined stays undefined. Exits 2 otherwise. */
export function numFlag(p: ParsedTask, name: string, lo: number, hi = Infinity): number | undefined {
  const value = str(p, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= lo && n <= hi)) usageError(p.spec, `--${name} must be a number in [${lo}, ${hi}]: received ${value}`);
  return n;
}

/** `--name` as one of `choices`. Exits 2 (with "did you mean") otherwise. */
export function choiceFlag<T extends string>(p: ParsedTask, name: string, choices: readonly T[]): T | undefined {
  const value = str(p, name);
  if (value === undefined || choices.includes(value as T)) return value as T | undefined;
  const guess = didYouMean(value, choices);
  return usageError(
    p.spec,
    `--${name} must be ${choices.join(", ")}: received ${value}${guess ? ` (did you mean ${guess}?)` : ""}`,
  );
}

/** The data-layout and label-set options shared by `train` and `cv`, checked. */
export function dataFlags(p: ParsedTask): {
  layout: "auto" | "folders";
  speakerPattern?: string;
  labels?: string[];
  merge?: Record<string, string>;
  includeBoredom: boolean;
  cacheDir: string | null;
  workers?: number;
} {
  const layout = choiceFlag(p, "layout", ["auto", "folders"] as const) ?? "auto";
  const pattern = str(p, "speaker-pattern");
  if (pattern !== undefined) {
    try {
      new RegExp(pattern);
    } catch (e) {
      usageError(p.spec, `--speaker-pattern is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  try {
    return {
      layout,
      speakerPattern: pattern,
      labels: str(p, "labels") === undefined ? undefined : parseLabelList(str(p, "labels")!),
      merge: str(p, "merge") === undefined ? undefined : parseMerge(str(p, "merge")!),
      includeBoredom: p.values["include-boredom"] === true,
      cacheDir: p.values["no-cache"] ? null : ".cache/features",
      workers: intFlag(p, "workers", 1),
    };
  } catch (e) {
    return usageError(p.spec, (e as Error).message);
  }
}

/** The training-recipe options shared by `train` and `cv` (augmentation, balancing, adversary, epochs), checked. */
export function recipeFlags(p: ParsedTask): {
  augment?: number;
  augmentPlan?: AugmentPlanName;
  balance?: Balance;
  adversary?: Adversary;
  adversaryWeight?: number;
  epochs?: number;
} {
  return {
    augment: intFlag(p, "augment", 0),
    augmentPlan: choiceFlag(p, "augment-plan", AUGMENT_PLANS),
    balance: choiceFlag(p, "balance", BALANCES),
    adversary: choiceFlag(p, "adversary", ADVERSARIES),
    adversaryWeight: numFlag(p, "adversary-weight", 0),
    epochs: intFlag(p, "epochs", 1),
  };
}

/** A model family name, checked against the registry (with "did you mean"). */
export function familyFlag(p: ParsedTask, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const names = familyNames();
  if (names.includes(value.trim().toLowerCase())) return value.trim().toLowerCase();
  const guess = didYouMean(value, names);
  return usageError(
    p.spec,
    `--model must be one of ${names.join(", ")}: received ${value}${guess ? ` (did you mean ${guess}?)` : ""}`,
  );
}

/** `--modes`, or the older `--speaker-norm` (`speaker`: global and transductive; `none`: global), checked. */
export function modesFlag(p: ParsedTask): UseModeName[] | undefined {
  const list = str(p, "modes"), older = str(p, "speaker-norm");
  try {
    if (list !== undefined) return parseUseModes(list);
    if (older !== undefined) return parseUseModes(useModeName(older));
  } catch (e) {
    return usageError(p.spec, (e as Error).message);
  }
  return undefined;
}

/** `--enrol-label` and `--enrol-seconds`, checked. */
export function enrolmentFlags(p: ParsedTask): { label: string; seconds: number } {
  return {
    label: (str(p, "enrol-label") ?? "neutral").trim().toLowerCase(),
    seconds: numFlag(p, "enrol-seconds", 0.5, 600) ?? 10,
  };
}
