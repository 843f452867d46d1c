/**
 * Private: each training row's domain for a domain adversary (`FitOptions.adversary`): the index of its speaker or of
 * its corpus among the training rows' own, in sorted order.
 *
 * @module
 */
import type { Adversary, FitData } from "./family.ts";

/**
 * The domain of each of `rows` (indices into `d`) and how many there are; `null` for `none`.
 *
 * @throws {RangeError} If the rows come from fewer than 2 domains (nothing to tell apart), or `corpus` is asked of
 *   data without corpora.
 * @example
 * adversaryDomains(d, train, "speaker"); // { domains: Int32Array [0, 0, 1, …], count: 107 }
 */
export function adversaryDomains(
  d: FitData,
  rows: readonly number[],
  by: Adversary,
): { domains: Int32Array; count: number } | null {
  if (by === "none") return null;
  const of = by === "speaker" ? d.speakers : d.corpora;
  if (!of) throw new RangeError("--adversary corpus needs each row's corpus (the data name none)");
  const names = [...new Set(rows.map((r) => of[r]))].sort();
  if (names.length < 2) {
    throw new RangeError(
      `--adversary ${by} needs training rows from at least 2 ${by === "speaker" ? "speakers" : "corpora"}: got ` +
        `${names.length} (${names.map((n) => n || "unnamed").join(", ")})`,
    );
  }
  const index = new Map(names.map((n, i) => [n, i]));
  return { domains: Int32Array.from(rows, (r) => index.get(of[r])!), count: names.length };
}
