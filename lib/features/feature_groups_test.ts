import assert from "node:assert/strict";
import { FEATURE_SETS } from "./feature_sets.ts";
import { featureGroups } from "./feature_groups.ts";

Deno.test("featureGroups() puts every column of each set in exactly one group", () => {
  for (const set of Object.values(FEATURE_SETS)) {
    const columns = featureGroups(set).flatMap((g) => g.columns).sort((a, b) => a - b);
    assert.deepEqual(columns, Array.from({ length: set.count }, (_, i) => i), set.name);
  }
  const pooled = Object.fromEntries(featureGroups(FEATURE_SETS.pooled).map((g) => [g.name, g.columns.length]));
  // 20 coefficients × 5 statistics each for MFCC and its deltas; 64 bands × 5; F0's four statistics.
  assert.deepEqual([pooled["MFCC"], pooled["MFCC Δ"], pooled["mel bands"], pooled.pitch], [100, 100, 320, 4]);
  assert.deepEqual(featureGroups(FEATURE_SETS.original).map((g) => g.name).slice(0, 3), ["mfcc", "chroma", "mel"]);
});
