import assert from "node:assert/strict";
import { adversaryDomains } from "./_domains.ts";
import type { FitData } from "./family.ts";

const d = {
  speakers: ["s2", "s1", "s2", "s3", "s1"],
  corpora: ["B", "A", "B", "A", "A"],
} as unknown as FitData;

Deno.test("adversaryDomains(): each row's speaker or corpus as an index in sorted order, over the rows asked", () => {
  assert.equal(adversaryDomains(d, [0, 1, 2], "none"), null);
  assert.deepEqual(adversaryDomains(d, [0, 1, 2, 3, 4], "speaker"), {
    domains: Int32Array.of(1, 0, 1, 2, 0),
    count: 3,
  });
  assert.deepEqual(adversaryDomains(d, [1, 2, 3], "corpus"), { domains: Int32Array.of(0, 1, 0), count: 2 });
  assert.deepEqual(adversaryDomains(d, [0, 3], "speaker"), { domains: Int32Array.of(0, 1), count: 2 });
});

Deno.test("adversaryDomains(): one domain is nothing to tell apart, and corpus needs corpora", () => {
  assert.throws(() => adversaryDomains(d, [1, 3, 4], "corpus"), /at least 2 corpora: got 1 \(A\)/);
  assert.throws(() => adversaryDomains(d, [1, 4], "speaker"), /at least 2 speakers: got 1 \(s1\)/);
  assert.throws(() => adversaryDomains({ speakers: ["a", "b"] } as unknown as FitData, [0, 1], "corpus"), /corpus/);
});
