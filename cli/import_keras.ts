/**
 * `deno task import-keras <model.keras|model.h5> [--scaler scaler.pkl] [--labels label_encoder.pkl] [--out artifacts]`
 *
 * Convert a Python-trained seed model into this project's artifacts (tfjs `model/`, `scaler.json`, `labels.json`,
 * `model_metadata.json` marked `imported from Keras`), so that `predict`, the server and the notebooks use it as is.
 * `scaler.pkl` and `label_encoder.pkl` beside the model are found without flags; the pickles are read without
 * executing anything. Exit 1 with the reason when the files cannot be imported faithfully.
 *
 * @module
 */
import { importKerasArtifacts } from "$lib/pipeline/mod.ts";
import { parseFlags } from "./_args.ts";

const USAGE =
  "usage: deno task import-keras <model.keras|model.h5> [--scaler scaler.pkl] [--labels label_encoder.pkl] [--out artifacts]";
const { values, positionals } = parseFlags({
  allowPositionals: true,
  options: {
    scaler: { type: "string" },
    labels: { type: "string" },
    out: { type: "string", default: "artifacts" },
    help: { type: "boolean", short: "h" },
  },
}, USAGE);
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
if (positionals.length !== 1) {
  console.error(`expected one model file, got ${positionals.length}\n${USAGE}`);
  Deno.exit(2);
}
try {
  const s = await importKerasArtifacts(positionals[0], {
    scaler: values.scaler,
    labels: values.labels,
    out: values.out,
  });
  console.log(`imported ${positionals[0]} (Keras ${s.kerasVersion}) → ${s.out}/`);
  console.log(`  model     ${s.architecture.replace(/^imported from Keras [^:]+: /, "")}`);
  console.log(`            ${s.parameters.toLocaleString("en-US")} parameters`);
  console.log(`  classes   ${s.classes.join(", ")}  (${s.labelsSource})`);
  for (const [f, h] of Object.entries(s.sources)) console.log(`  source    ${f}  sha256 ${h.slice(0, 16)}…`);
  console.log(`Predict with: deno task predict --artifacts ${s.out} <files>`);
} catch (e) {
  console.error(`import-keras failed: ${(e as Error).message}`);
  Deno.exit(1);
}
