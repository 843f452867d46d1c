/**
 * The project's seeded pseudo-random generators, shared by data generation, splits, augmentation and training:
 * mulberry32, named independent streams ({@linkcode rngFor}), and the deviates built on them.
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

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/** 32-bit FNV-1a hash of a string, for deriving independent seeds from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator seeded from a number and a name, so each named item gets its own independent stream. */
export function rngFor(seed: number, name: string): Rng {
  return mulberry32(hashString(`${seed}:${name}`));
}

/** Standard normal deviate (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12), v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Fisher–Yates shuffle in place. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const TABLE = (() => {
  const g = mulberry32(0x5eed);
  return Float64Array.from({ length: 1 << 16 }, () => gaussian(g));
})();

/** A fast approximately-normal deviate: a random entry of a fixed table of 65,536 normal values (for noise). */
export function fastGaussian(rng: Rng): number {
  return TABLE[(rng() * 65536) | 0];
}
