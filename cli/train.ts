/**
 * `./ser train`: the headless main job — discover → extract (cached) → split → train every use mode → evaluate →
 * outputs, charts, report and artifacts. With no corpus under `dataset/` it trains on the synthetic demo corpus and
 * says so; a folder named with `--data` must exist and hold a corpus. Options: `./ser help train`.
 *
 * @module
 */
import { join } from "node:path";
import { runPipeline, SYNTHETIC_WARNING } from "$lib/pipeline/mod.ts";
import {
  choiceFlag,
  dataFlags,
  enrolmentFlags,
  familyFlag,
  intFlag,
  modesFlag,
  parseTask,
  recipeFlags,
  str,
} from "./task_args.ts";

const p = parseTask("train");
// "seed" is the original split's former name, still accepted.
const split = choiceFlag(p, "split", ["original", "speaker", "none", "seed"] as const)!;
const root = str(p, "out") ?? ".";
const t0 = performance.now();
try {
  const s = await runPipeline({
    dataDir: str(p, "data") ?? "dataset",
    // Only the default dataset/ falls back to the demo corpus; a folder named with --data must hold a corpus.
    demoFallback: str(p, "data") === undefined,
    split,
    model: familyFlag(p, str(p, "model")),
    modes: modesFlag(p),
    enrolment: enrolmentFlags(p),
    ...recipeFlags(p),
    seed: intFlag(p, "seed", 0),
    ...dataFlags(p),
    outputsDir: join(root, "outputs"),
    artifactsDir: join(root, "artifacts"),
    chartsDir: join(root, "charts"),
  });
  const total = (performance.now() - t0) / 1000;
  const synthetic = s.source.kind === "synthetic";
  console.log("");
  console.log(`Done in ${total.toFixed(1)} s on ${synthetic ? "the SYNTHETIC demo corpus" : s.source.root}.`);
  if (s.testAccuracy !== null && s.report) {
    console.log(
      `  test accuracy  ${(100 * s.testAccuracy).toFixed(2)} %   (global mode; loss ${s.testLoss!.toFixed(4)}, ` +
        `${s.counts.test} clips, best epoch ${s.bestEpoch + 1} of ${s.history.length})`,
    );
    console.log(`  macro F1       ${(100 * s.report.macro.f1).toFixed(2)} %`);
  }
  for (const line of s.extras) console.log(`  ${line}`);
  console.log(`  stages         ${Object.entries(s.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(" · ")}`);
  console.log(`  outputs        ${s.outputsDir}/ (metrics, history, manifest, report)`);
  console.log(`  artifacts      ${s.artifactsDir}/ (model/ and one folder per mode, labels.json, model_metadata.json)`);
  if (synthetic) {
    console.log("");
    console.log(`  NOTE: ${SYNTHETIC_WARNING}.`);
    console.log(
      "  Real corpora: put RAVDESS, TESS, CREMA-D, SAVEE, EMO-DB or your own recordings (metadata.csv) under",
    );
    console.log("  dataset/, or ./ser train --data DIR (README: data layouts).");
  }
} catch (e) {
  console.error(`./ser train failed: ${(e as Error).message}`);
  Deno.exit(1);
}
