import assert from "node:assert/strict";
import { modelFamily } from "./family_registry.ts";

Deno.test("modelFamily(NAME@SET): a learner on another feature set, one object per name", () => {
  const f = modelFamily("SVM@mfcc");
  assert.equal(f.name, "svm@mfcc");
  assert.equal(f.featureSet, "mfcc");
  assert.equal(modelFamily("svm@mfcc"), f, "memoised");
  assert.equal(modelFamily("svm@pooled"), modelFamily("svm"), "its own set is itself");
  assert.equal(modelFamily("logreg@original").featureSet, "original");
  assert.throws(() => modelFamily("svm@mel"), /unknown feature set "mel" in "svm@mel"/);
  assert.throws(() => modelFamily("views-mlp@original"), /views-mlp is tied to its own feature set \(pooled\)/);
});
