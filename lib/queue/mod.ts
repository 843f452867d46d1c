/**
 * Beyond one machine: experiment grids and recording batches as jobs on a BullMQ queue in Redis, run by
 * `./ser worker` processes on any number of machines, with nothing lost when a worker dies and nothing done twice.
 *
 * This room sits above `pipeline` and `predict` (it distributes their units of work) and below the CLI; nothing else
 * imports it, so without `--queue` Redis is never needed.
 *
 * | module | what |
 * | --- | --- |
 * | `queue_url.ts` | `redis://…` / `rediss://…` parsed, and redacted for logs |
 * | `queue_jobs.ts` | the job kinds (data, never code) and their checks |
 * | `job_client.ts` | `JobClient`: queue jobs under content ids, wait for their outcomes in order |
 * | `queue_worker.ts` | `startWorker(url)`: the worker behind `./ser worker` |
 * | `queue_predict.ts` | `predictBatchQueued`, `timelinesQueued`: `./ser predict … --queue` |
 * | `queue_experiment.ts` | `runExperimentQueued`: `./ser experiment FILE --queue` |
 * | `queue_timeline.ts` | timelines as JSON through the queue |
 *
 * @example
 * import { JobClient, predictBatchQueued } from "$lib/queue/mod.ts";
 * const client = await JobClient.open("redis://127.0.0.1:6379");
 * const { rows } = await predictBatchQueued(predictor, ["calls/"], { client });
 * await client.close();
 *
 * @module
 */
export * from "./queue_url.ts";
export * from "./queue_jobs.ts";
export * from "./job_client.ts";
export * from "./queue_worker.ts";
export * from "./queue_predict.ts";
export * from "./queue_experiment.ts";
export * from "./queue_timeline.ts";
