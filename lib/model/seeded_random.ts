/**
 * Make a run reproducible by replacing `Math.random` with a seeded generator while it runs.
 *
 * tfjs draws initial weights and dropout masks from generators seeded by `Math.random()` when no seed is given
 * (a seeded `tf.layers.dropout({seed})` would reuse one mask on every step), so a seeded `Math.random` makes initial
 * weights, dropout masks and anything else random inside the run repeatable on the same machine and backend.
 *
 * @module
 */

/** mulberry32 generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run `fn` with `Math.random` replaced by a generator seeded with `seed`, restoring it afterwards (also on error).
 *
 * @example
 * const model = await withSeededRandom(42, () => buildSeedMlp());
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
