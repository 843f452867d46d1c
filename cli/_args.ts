/**
 * Shared argument checks for the CLI tasks: a bad value prints what was expected, the usage line, and exits 2.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseLabelList, parseMerge } from "$lib/data/mod.ts";
import { MODEL_FAMILIES } from "$lib/model/mod.ts";

/**
 * `parseArgs` with the task's `args`, turning an unknown or malformed option into a usage error (exit 2) instead of a
 * stack trace.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, args: Deno.args });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
}

/** Print `message` and `usage` to stderr and exit with status 2. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  Deno.exit(2);
}

/** `--name` as an integer ≥ `min`; undefined stays undefined. Exits 2 with a clear message otherwise. */
export function intFlag(name: string, value: string | undefined, min: number, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usageError(`--${name} must be an integer ≥ ${min}: received ${value}`, usage);
  return n;
}

/** The data-layout and label-set flags shared by `train` and `cv`, checked; exits 2 with the reason when malformed. */
export function dataFlags(
  values: { layout?: string; "speaker-pattern"?: string; labels?: string; merge?: string },
  usage: string,
): { layout: "auto" | "folders"; speakerPattern?: string; labels?: string[]; merge?: Record<string, string> } {
  const layout = values.layout ?? "auto";
  if (layout !== "auto" && layout !== "folders") {
    usageError(`--layout must be "auto" or "folders": received ${layout}`, usage);
  }
  const pattern = values["speaker-pattern"];
  if (pattern !== undefined) {
    try {
      new RegExp(pattern);
    } catch (e) {
      usageError(`--speaker-pattern is not a valid regular expression: ${(e as Error).message}`, usage);
    }
  }
  try {
    return {
      layout: layout as "auto" | "folders",
      speakerPattern: pattern,
      labels: values.labels === undefined ? undefined : parseLabelList(values.labels),
      merge: values.merge === undefined ? undefined : parseMerge(values.merge),
    };
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
}

/** `--model` and `--speaker-norm`, checked; exits 2 with what was expected otherwise. */
export function modelFlags(
  values: { model?: string; "speaker-norm"?: string },
  usage: string,
): { model: string; speakerNorm?: "speaker" | "none" } {
  const model = values.model ?? "seed-mlp";
  if (!(model in MODEL_FAMILIES)) {
    usageError(`--model must be one of ${Object.keys(MODEL_FAMILIES).join(", ")}: received ${model}`, usage);
  }
  const norm = values["speaker-norm"];
  if (norm !== undefined && norm !== "speaker" && norm !== "none") {
    usageError(`--speaker-norm must be "speaker" or "none": received ${norm}`, usage);
  }
  return { model, speakerNorm: norm as "speaker" | "none" | undefined };
}
