/**
 * Make a run reproducible by replacing `Math.random` with a seeded generator while it runs.
 *
 * tfjs draws initial weights and dropout masks from generators seeded by `Math.random()` when no seed is given
 * (a seeded `tf.layers.dropout({seed})` would reuse one mask on every step), so a seeded `Math.random` makes initial
 * weights, dropout masks and anything else random inside the run repeatable on the same machine and backend.
 *
 * @module
 */

import { mulberry32 } from "../../random.ts";

/** The seeded generator used for runs (mulberry32). */
export const seededRandom: (seed: number) => () => number = mulberry32;

/**
 * Run `fn` with `Math.random` replaced by a generator seeded with `seed`, restoring it afterwards (also on error).
 *
 * @example
 * const model = await withSeededRandom(42, () => buildOriginalMlp());
 */
export async function withSeededRandom<T>(seed: number, fn: () => T | Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
