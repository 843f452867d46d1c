/**
 * `./ser experiment FILE`: run an experiment file's grid of cross-validations (each cell once; a run that was stopped
 * resumes with the cells still missing) and write one results table with intervals and paired comparisons, a chart
 * and a report. Options: `./ser help experiment`.
 *
 * @module
 */
import { join } from "node:path";
import {
  type ExperimentSpec,
  readExperiment,
  runExperiment,
  writeExperimentOutputs,
} from "$lib/pipeline/experiment/mod.ts";
import { intFlag, parseTask, str, usageError } from "./task_args.ts";

const p = parseTask("experiment");
const file = p.positionals[0];
if (!file || p.positionals.length > 1) usageError(p.spec, "give one experiment file (TOML)");
const started = performance.now();
try {
  const spec: ExperimentSpec = await readExperiment(file);
  const out = str(p, "out") ?? spec.out ?? join("outputs", "experiments", spec.name.replace(/\s+/g, "_"));
  let reused = 0;
  const results = await runExperiment(spec, {
    out,
    workers: intFlag(p, "workers", 1),
    onCell: ({ index, cells, cell, result }) => {
      if (!result) return console.error(`experiment: cell ${index + 1}/${cells} ${cell.id} …`);
      if (!result.computed) reused++;
      const ua = Object.entries(result.modes).map(([m, s]) => `${m} ${(100 * s!.ua).toFixed(1)}`).join(", ");
      console.error(
        `experiment: cell ${index + 1}/${cells} ${cell.id}: UA ${ua} % (${
          result.computed ? `${result.seconds.toFixed(0)} s` : "finished before"
        })`,
      );
    },
    onFold: (line) => console.error(`  ${line}`),
  });
  const files = await writeExperimentOutputs(spec, file, results, out);
  console.log(
    `\nExperiment "${spec.name}": ${results.length} cells (${
      results.length - reused
    } computed, ${reused} finished before) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`  results: ${files.csv}, ${files.json}; chart ${files.chart}; report ${files.report}`);
} catch (e) {
  console.error(`./ser experiment failed: ${(e as Error).message}`);
  Deno.exit(1);
}
