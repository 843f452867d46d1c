import assert from "node:assert/strict";
import { cvLabel } from "./cv_outputs.ts";

Deno.test("cvLabel() names the family, its augmented copies and the adversary it was trained against", () => {
  assert.equal(cvLabel({ model: "pooled-mlp", augment: 0 }), "pooled-mlp");
  assert.equal(cvLabel({ model: "pooled-mlp", augment: 1 }), "pooled-mlp +aug×1");
  assert.equal(
    cvLabel({ model: "pooled-mlp", augment: 1, adversary: "speaker" }),
    "pooled-mlp +aug×1 +adversary(speaker)",
  );
});
