/**
 * `./ser import-keras <model.keras|model.h5>`: convert a Python-trained seed model into this project's artifacts (tfjs `model/`, `scaler.json`, `labels.json`,
 * `model_metadata.json` marked `imported from Keras`), so that `predict`, the server and the notebooks use it as is.
 * `scaler.pkl` and `label_encoder.pkl` beside the model are found without flags; the pickles are read without
 * executing anything. Exit 1 with the reason when the files cannot be imported faithfully.
 *
 * @module
 */
import { importKerasArtifacts } from "$lib/pipeline/mod.ts";
import { parseTask, str, usageError } from "./task_args.ts";

const p = parseTask("import-keras");
if (p.positionals.length !== 1) usageError(p.spec, `expected one model file, got ${p.positionals.length}`);
const positionals = p.positionals;
try {
  const s = await importKerasArtifacts(positionals[0], {
    scaler: str(p, "scaler"),
    labels: str(p, "labels"),
    out: str(p, "out"),
  });
  console.log(`imported ${positionals[0]} (Keras ${s.kerasVersion}) → ${s.out}/`);
  console.log(`  model     ${s.architecture.replace(/^imported from Keras [^:]+: /, "")}`);
  console.log(`            ${s.parameters.toLocaleString("en-US")} parameters`);
  console.log(`  classes   ${s.classes.join(", ")}  (${s.labelsSource})`);
  for (const [f, h] of Object.entries(s.sources)) console.log(`  source    ${f}  sha256 ${h.slice(0, 16)}…`);
  console.log(`Predict with: ./ser predict --artifacts ${s.out} <files>`);
} catch (e) {
  console.error(`./ser import-keras failed: ${(e as Error).message}`);
  Deno.exit(1);
}
