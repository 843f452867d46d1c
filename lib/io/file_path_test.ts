import assert from "node:assert/strict";
import { joinPath, parentOf } from "./file_path.ts";

Deno.test("joinPath() and parentOf() agree with node:path on the paths the project uses", () => {
  assert.equal(joinPath("artifacts/", "model", "model.json"), "artifacts/model/model.json");
  assert.equal(joinPath("/tmp/x", "/labels.json"), "/tmp/x/labels.json");
  assert.equal(joinPath("https://h/site/model/", "scaler.json"), "https://h/site/model/scaler.json");
  assert.equal(parentOf("outputs/cv/cv_summary.json"), "outputs/cv");
  assert.equal(parentOf("/a.json"), "/");
  assert.equal(parentOf("a.json"), ".");
});
