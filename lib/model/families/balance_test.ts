import assert from "node:assert/strict";
import { balanceCorpora, balanceRows, oversample } from "./_balance.ts";

// Ten rows of one feature (its value = the row index): corpus A has labels 0 ×5 and 1 ×1, corpus B label 0 ×4.
const rows = { x: Float32Array.from({ length: 10 }, (_, i) => i), y: Int32Array.of(0, 0, 0, 0, 0, 1, 0, 0, 0, 0) };
const corpora = ["A", "A", "A", "A", "A", "A", "B", "B", "B", "B"];

Deno.test("balanceCorpora(): the same number of rows, spread equally over the (corpus, label) cells, worked by hand", () => {
  const out = balanceCorpora(rows, 1, corpora, 42);
  assert.equal(out.y.length, 10);
  // Three cells (A·0, A·1, B·0): 10 / 3 → 4, 3, 3 rows in (corpus, label) order.
  const cellOf = (i: number) => `${corpora[i]}${rows.y[i]}`;
  const counts: Record<string, number> = {};
  for (const v of out.x) counts[cellOf(v)] = (counts[cellOf(v)] ?? 0) + 1;
  assert.deepEqual(counts, { A0: 4, A1: 3, B0: 3 });
  // A·1 has one row: drawn three times (full rounds); A·0 has five: four distinct rows, no repeats within a round.
  assert.deepEqual([...out.x].filter((v) => cellOf(v) === "A1"), [5, 5, 5]);
  const a0 = [...out.x].filter((v) => cellOf(v) === "A0");
  assert.equal(new Set(a0).size, 4);
  assert.deepEqual(out.y, Int32Array.from(out.x, (v) => rows.y[v]));
  assert.deepEqual(balanceCorpora(rows, 1, corpora, 42), out, "seeded");
});

Deno.test("balanceRows(): none keeps the rows; oversample fills every label to the largest; corpus without corpora balances labels", () => {
  assert.equal(balanceRows(rows, 1, { balance: "none", classes: 2, seed: 1 }), rows);
  const over = oversample(rows, 1, 2, 1);
  assert.deepEqual([...over.y].filter((c) => c === 1).length, 9);
  const byLabel = balanceRows(rows, 1, { balance: "corpus", classes: 2, seed: 1 });
  assert.deepEqual([...byLabel.y].filter((c) => c === 1).length, 5);
});

Deno.test("balancing carries each row's domain (an adversary's speaker or corpus) with the row it picks", () => {
  const withDomains = { ...rows, domains: Int32Array.from(corpora, (c) => (c === "A" ? 0 : 1)) };
  for (const balance of ["oversample", "corpus"] as const) {
    const out = balanceRows(withDomains, 1, { balance, classes: 2, corpora, seed: 3 });
    assert.deepEqual(out.domains, Int32Array.from(out.x, (v) => withDomains.domains[v]), balance);
  }
});
