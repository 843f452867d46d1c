/**
 * `./ser export --artifacts DIR --format onnx --out FILE`: a trained model as one ONNX graph (opset 13) with the
 * scaler inside, for onnxruntime in Python, C#, Java, C++ or a browser. Its input `features` is the raw feature
 * vector in the column order `./ser features --feature-set NAME` writes; its output `probabilities` follows the class
 * order in `metadata_props["labels"]`. Options: `./ser help export`.
 *
 * @module
 */
import { ArtifactError, exportOnnx, loadArtifacts, USE_MODE_NAMES } from "$lib/model/mod.ts";
import { writeFileAtomic } from "$lib/io/mod.ts";
import { choiceFlag, parseTask, str, usageError } from "./task_args.ts";

const p = parseTask("export");
choiceFlag(p, "format", ["onnx"] as const);
const mode = choiceFlag(p, "mode", USE_MODE_NAMES)!;
const out = str(p, "out");
if (!out) usageError(p.spec, "--out FILE is required");
try {
  const trained = await loadArtifacts(str(p, "artifacts")!);
  const bytes = exportOnnx(trained, { mode, gender: !p.values["no-gender"] });
  await writeFileAtomic(out!, bytes);
  const f = trained.fitted;
  console.log(
    `exported ${f.family.name} (${mode} mode, ${f.family.featureSet} features, ${trained.labels.length} classes${
      f.gender && !p.values["no-gender"] ? ", gender" : ""
    }) → ${out} (${(bytes.length / 1024).toFixed(0)} KiB, ONNX opset 13)`,
  );
  console.log(
    `  input "features" [n, ${trained.metadata.input_features}]: ./ser features --feature-set ${f.family.featureSet} gives them`,
  );
  if (mode === "enrolled") console.log('  input "enrolment" [1, F]: the mean vector of the enrolment (POST /v1/enrol)');
  if (mode === "transductive") {
    console.log('  inputs "speaker_mean", "speaker_scale" [1, F]: the speaker group\'s statistics');
  }
  if (trained.metadata.data_source?.kind === "synthetic") {
    console.log("  WARNING: this model was trained on the SYNTHETIC demo corpus: train on real recordings first");
  }
} catch (e) {
  if (!(e instanceof ArtifactError || e instanceof RangeError)) throw e;
  console.error(`./ser export failed: ${e.message}`);
  Deno.exit(1);
}
