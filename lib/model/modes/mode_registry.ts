/**
 * The use modes, by name. A mode is one file in this folder exporting a {@linkcode UseModeSpec}; listing it here is
 * all it takes for training, `cv`, `predict`, the server and the artifacts to know it.
 *
 * @module
 */
import { ENROLLED_MODE } from "./enrolled.ts";
import { GLOBAL_MODE } from "./global.ts";
import { TRANSDUCTIVE_MODE } from "./transductive.ts";
import type { UseModeSpec } from "./use_mode.ts";

/** Every use mode, in the order outputs list them. */
export const USE_MODES = {
  global: GLOBAL_MODE,
  enrolled: ENROLLED_MODE,
  transductive: TRANSDUCTIVE_MODE,
} as const satisfies Record<string, UseModeSpec>;

/** A use mode's name. */
export type UseModeName = keyof typeof USE_MODES;

/** Mode names in output order. */
export const USE_MODE_NAMES = Object.keys(USE_MODES) as UseModeName[];

/** Older names still read: `speaker` (transductive normalisation) and `none` (the global scaler only). */
const LEGACY: Record<string, UseModeName> = { speaker: "transductive", none: "global" };

/**
 * A mode by name (older artifacts' and flags' `speaker` and `none` are read as `transductive` and `global`).
 *
 * @throws {RangeError} For an unknown name, listing the known ones.
 * @example
 * useModeName("speaker"); // "transductive"
 */
export function useModeName(name: string): UseModeName {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(USE_MODES, key)) return key as UseModeName;
  if (Object.hasOwn(LEGACY, key)) return LEGACY[key];
  throw new RangeError(`unknown use mode "${name}" (expected ${USE_MODE_NAMES.join(", ")})`);
}

/**
 * A comma-separated list of modes, deduplicated, in output order; `global` is always included (it answers every clip
 * the other modes cannot serve).
 *
 * @throws {RangeError} For an unknown name.
 * @example
 * parseUseModes("transductive"); // ["global", "transductive"]
 */
export function parseUseModes(list: string | readonly string[]): UseModeName[] {
  const names = (typeof list === "string" ? list.split(",") : list).map((s) => s.trim()).filter(Boolean);
  const set = new Set<UseModeName>(["global", ...names.map(useModeName)]);
  return USE_MODE_NAMES.filter((m) => set.has(m));
}
