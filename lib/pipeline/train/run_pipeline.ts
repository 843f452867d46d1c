/**
 * A whole training run in one call: prepare → train → evaluate, as `./ser train` and notebook 03 run it.
 *
 * @module
 */
import type { PipelineConfig } from "./config.ts";
import { prepareData } from "./prepare_data.ts";
import { trainStage } from "./train_stage.ts";
import { evaluateStage, type RunSummary } from "./evaluate_stage.ts";
/**
 * Run everything: {@linkcode prepareData} → {@linkcode trainStage} → {@linkcode evaluateStage}.
 *
 * @example
 * const s = await runPipeline({ epochs: 100 });
 * console.log(s.testAccuracy);
 */
export async function runPipeline(config: PipelineConfig = {}): Promise<RunSummary> {
  const started = new Date();
  const data = await prepareData(config);
  const run = await trainStage(data, config);
  return await evaluateStage(data, run, config, started);
}
