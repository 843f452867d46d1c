import assert from "node:assert/strict";
import { modeFiles, modeFilesIn, modelFiles } from "./artifact_layout.ts";

Deno.test("the artifact layout: this version's names, and an older speaker_norm run's mapped onto them", async (t) => {
  await t.step("this layout", () => {
    assert.deepEqual(modeFiles("global"), { dir: "model", scaler: "scaler.json" });
    assert.deepEqual(modeFiles("enrolled"), { dir: "enrolled", scaler: "enrolled_scaler.json" });
    assert.deepEqual(modeFilesIn({ modes: ["global", "transductive"] }, "transductive"), modeFiles("transductive"));
  });
  await t.step("an older run: transductive in model/, global in global/, nothing enrolled", () => {
    const old = { speaker_norm: "speaker" };
    assert.deepEqual(modeFilesIn(old, "global"), { dir: "global", scaler: "global_scaler.json" });
    assert.deepEqual(modeFilesIn(old, "transductive"), { dir: "model", scaler: "scaler.json" });
    assert.equal(modeFilesIn(old, "enrolled"), null);
    assert.equal(modeFilesIn({}, "transductive"), null, "the oldest runs are global only");
  });
  await t.step("what the browser copies: an older run's files land in this layout", () => {
    assert.deepEqual(modelFiles({ speaker_norm: "speaker" }, ["global", "transductive"], true), [
      ["model_metadata.json", "model_metadata.json"],
      ["labels.json", "labels.json"],
      ["global_scaler.json", "scaler.json"],
      ["global/model.json", "model/model.json"],
      ["global/weights.bin", "model/weights.bin"],
      ["scaler.json", "transductive_scaler.json"],
      ["model/model.json", "transductive/model.json"],
      ["model/weights.bin", "transductive/weights.bin"],
      ["gender.json", "gender.json"],
      ["gender/model.json", "gender/model.json"],
      ["gender/weights.bin", "gender/weights.bin"],
    ]);
  });
});
