/**
 * The project's seeded pseudo-random generator, shared by data generation, splits and training.
 *
 * @module
 */

/**
 * mulberry32: a fast 32-bit generator of uniform numbers in [0, 1) with a full 2^32 period.
 *
 * @example
 * const rng = mulberry32(42);
 * rng(); // same sequence for the same seed
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
