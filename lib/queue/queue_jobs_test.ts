import assert from "node:assert/strict";
import { checkJob, JobDataError } from "./queue_jobs.ts";

const sha = "a".repeat(64);
const features = { kind: "features", file: { path: "/data/a.wav", sha256: sha }, featureSet: "pooled", duration: 8 };

Deno.test("checkJob() accepts the job kinds and refuses anything else by field, value and expectation", async (t) => {
  await t.step("each kind, well formed", () => {
    assert.deepEqual(checkJob("features", features), features);
    const timeline = { kind: "timeline", file: features.file, artifact: sha, options: { hop: 0.5, vad: true } };
    assert.deepEqual(checkJob("timeline", timeline), timeline);
    assert.equal(
      checkJob("cv-fold", { kind: "cv-fold", experiment: {}, cell: "corpus__logreg__aug0__seed1", fold: 2 }).kind,
      "cv-fold",
    );
  });
  const refused = (name: string, data: unknown, message: RegExp) =>
    assert.throws(() => checkJob(name, data), (e) => e instanceof JobDataError && message.test(e.message));
  await t.step("an unknown kind, or data that is not its name's kind", () => {
    refused(
      "exec",
      { kind: "exec", command: "rm -rf /" },
      /job "exec": `name` must be one of features, timeline, cv-plan, cv-fold/,
    );
    refused("features", { ...features, kind: "timeline" }, /`kind` must be "features"/);
    refused("features", "a string", /`data` must be an object/);
  });
  await t.step("fields: extra keys, paths, hashes, feature sets, ranges, modes", () => {
    refused("features", { ...features, code: "x" }, /`code` must be absent/);
    refused("features", { ...features, file: { path: "a\0b", sha256: sha } }, /`file.path` must be a file path/);
    refused("features", { ...features, file: { path: "a.wav", sha256: "xyz" } }, /`file.sha256` must be 64 hex digits/);
    refused("features", { ...features, featureSet: "mel" }, /`featureSet` must be original or pooled or mfcc/);
    refused("features", { ...features, duration: -1 }, /`duration` must be seconds in \(0, 600\]/);
    const timeline = { kind: "timeline", file: features.file, artifact: sha, options: {} };
    refused("timeline", { ...timeline, options: { hop: 0.01 } }, /`options.hop` must be a number from 0.05 to 60/);
    refused("timeline", { ...timeline, options: { mode: "psychic" } }, /`options.mode` must be global/);
    refused("timeline", { ...timeline, artifact: "../model" }, /`artifact` must be 64 hex digits/);
    refused("cv-fold", { kind: "cv-fold", experiment: {}, cell: "../x", fold: 0 }, /`cell` must be a cell id/);
    refused("cv-fold", { kind: "cv-fold", experiment: {}, cell: "c", fold: -1 }, /`fold` must be a whole number/);
  });
});
