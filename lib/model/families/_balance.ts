/**
 * Private: row selection (`take`) and the training rows a family fits after class balancing (`FitOptions.balance`): as they are (`none`,
 * `weights`: the learner weighs them), over-sampled per label (`oversample`), or drawn equally from every (corpus,
 * label) cell (`corpus`).
 *
 * @module
 */
import { rngFor } from "../../random.ts";
import type { Balance } from "./family.ts";

/** Rows with their labels and, for an adversary, each row's domain (carried along by every selection). */
type Rows = { x: Float32Array; y: Int32Array; domains?: Int32Array };

/** Row-major rows `rows` (indices) of `x` (`[n, dim]`), in that order. */
export function take(x: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(x.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

/** The rows `picked` (indices into `rows`) with their labels, in that order. */
function pick(rows: Rows, dim: number, picked: readonly number[]): Rows {
  const d = rows.domains;
  return {
    x: take(rows.x, dim, picked),
    y: Int32Array.from(picked, (i) => rows.y[i]),
    ...(d ? { domains: Int32Array.from(picked, (i) => d[i]) } : {}),
  };
}

/**
 * Random over-sampling: each label's rows, then rows of that label drawn again (seeded, with replacement) until it has
 * as many as the most frequent label.
 */
export function oversample(rows: Rows, dim: number, classes: number, seed: number): Rows {
  const byLabel = Array.from({ length: classes }, () => [] as number[]);
  rows.y.forEach((c, i) => byLabel[c].push(i));
  const target = Math.max(...byLabel.map((b) => b.length)), rng = rngFor(seed, "oversample");
  const picked = byLabel.flatMap((b) =>
    b.length ? [...b, ...Array.from({ length: target - b.length }, () => b[Math.floor(rng() * b.length)])] : []
  );
  return pick(rows, dim, picked);
}

/**
 * Corpus balancing: as many rows as there are, spread equally over the (corpus, label) cells present — each cell's
 * rows in full rounds (every row once per round, shuffled), the remainder drawn at random without repeats — so that a
 * large corpus, or one label's share in it, weighs no more than any other cell. Seeded; the remainder of n / cells goes
 * to the first cells in (corpus, label) order.
 *
 * @example
 * balanceCorpora({ x, y }, 676, corpora, 42); // e.g. 6 corpora × 7 labels: n/42 rows each
 */
export function balanceCorpora(rows: Rows, dim: number, corpora: readonly string[], seed: number): Rows {
  const cells = new Map<string, number[]>();
  rows.y.forEach((c, i) => {
    const key = `${corpora[i] ?? ""}\u0000${c}`;
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const keys = [...cells.keys()].sort(), n = rows.y.length, rng = rngFor(seed, "balance-corpora");
  const picked: number[] = [];
  keys.forEach((key, k) => {
    const members = cells.get(key)!, want = Math.floor(n / keys.length) + (k < n % keys.length ? 1 : 0);
    for (let left = want; left > 0; left -= members.length) {
      const round = [...members];
      for (let i = round.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [round[i], round[j]] = [round[j], round[i]];
      }
      picked.push(...round.slice(0, Math.min(left, round.length)));
    }
  });
  return pick(rows, dim, picked);
}

/** The rows to fit under `balance` (`corpora`: per row; without them every row is one corpus). */
export function balanceRows(
  rows: Rows,
  dim: number,
  o: { balance: Balance; classes: number; corpora?: readonly string[]; seed: number },
): Rows {
  if (o.balance === "oversample") return oversample(rows, dim, o.classes, o.seed);
  if (o.balance === "corpus") return balanceCorpora(rows, dim, o.corpora ?? [], o.seed);
  return rows;
}
