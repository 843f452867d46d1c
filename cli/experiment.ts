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
  type RunExperimentOptions,
  writeExperimentOutputs,
} from "$lib/pipeline/experiment/mod.ts";
import { progressBar } from "$lib/io/mod.ts";
import { intFlag, parseTask, str, usageError } from "./task_args.ts";
import { queueSecrets } from "./_queue_secrets.ts";

const p = parseTask("experiment");
const file = p.positionals[0];
if (!file || p.positionals.length > 1) usageError(p.spec, "give one experiment file (TOML)");
const started = performance.now();
try {
  const spec: ExperimentSpec = await readExperiment(file);
  const out = str(p, "out") ?? spec.out ?? join("outputs", "experiments", spec.name.replace(/\s+/g, "_"));
  let reused = 0;
  const onCell = ({ index, cells, cell, result }: Parameters<NonNullable<RunExperimentOptions["onCell"]>>[0]) => {
    if (!result) return console.error(`experiment: cell ${index + 1}/${cells} ${cell.id} …`);
    if (!result.computed) reused++;
    const ua = Object.entries(result.modes).map(([m, s]) => `${m} ${(100 * s!.ua).toFixed(1)}`).join(", ");
    console.error(
      `experiment: cell ${index + 1}/${cells} ${cell.id}: UA ${ua} % (${
        result.computed ? `${result.seconds.toFixed(0)} s` : "finished before"
      })`,
    );
  };
  const onFold = (line: string) => console.error(`  ${line}`);
  const results = str(p, "queue")
    ? await queued(spec, out, { onCell, onFold })
    : await runExperiment(spec, { out, workers: intFlag(p, "workers", 1), onCell, onFold });
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

/** The experiment through `--queue`: cells' plans and folds on `./ser worker` processes. */
async function queued(
  spec: ExperimentSpec,
  out: string,
  o: Pick<RunExperimentOptions, "onCell" | "onFold">,
) {
  const { JobClient, QueueUrlError, runExperimentQueued } = await import("$lib/queue/mod.ts"); // Redis only when asked
  let client;
  try {
    client = await JobClient.open(str(p, "queue")!, queueSecrets());
  } catch (e) {
    if (e instanceof QueueUrlError) usageError(p.spec, e.message);
    throw e;
  }
  console.error(`experiment: jobs go to ${client.redacted}; start workers with ./ser worker --queue …`);
  const bars: Partial<Record<"plans" | "folds", ReturnType<typeof progressBar>>> = {};
  try {
    return await runExperimentQueued(spec, {
      client,
      out,
      ...o,
      // One bar over every worker: the cells' plans (features, folds laid out), then all their folds.
      onProgress: (phase, done, total) => {
        const bar = bars[phase] ??= progressBar(total, phase === "plans" ? "plans" : "folds");
        bar.tick();
        if (done === total) bar.stop();
      },
    });
  } finally {
    await client.close();
  }
}
