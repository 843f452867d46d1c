/**
 * `./ser worker --queue redis://HOST:PORT[/DB]`: take jobs off the queue and run them (feature extraction for
 * `predict`, timelines, experiment cells and folds) until stopped. On SIGTERM or SIGINT it finishes the jobs in hand,
 * takes no new ones and exits 0; killed outright, its jobs go to another worker once their locks expire. The queue URL
 * is never printed with its password. Options: `./ser help worker`.
 *
 * @module
 */
import { JobClient, QueueUrlError, startWorker } from "$lib/queue/mod.ts";
import { intFlag, numFlag, parseTask, str, usageError } from "./task_args.ts";
import { queueSecrets } from "./_queue_secrets.ts";

const p = parseTask("worker");
const url = str(p, "queue") ?? Deno.env.get("SER_QUEUE");
if (!url) usageError(p.spec, "give the queue: --queue redis://HOST:PORT[/DB] (or set SER_QUEUE)");
const quiet = Boolean(p.values.quiet);
if (p.values.status) await status(url);
let worker;
try {
  worker = await startWorker(url, {
    concurrency: intFlag(p, "concurrency", 1),
    lockSeconds: numFlag(p, "lock-seconds", 1, 3600),
    inputsUnder: str(p, "inputs-under")?.split(",").filter(Boolean),
    cacheDir: str(p, "cache"),
    ...queueSecrets(),
    log: (line) => (!quiet || !/^job .* (started|done)/.test(line)) && console.error(`worker: ${line}`),
  });
} catch (e) {
  if (e instanceof QueueUrlError) usageError(p.spec, e.message);
  console.error(`./ser worker: ${(e as Error).message}`);
  Deno.exit(1);
}
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`worker: ${signal}: finishing the jobs in hand, then exiting`);
  await worker.close();
  const done = Object.entries(worker.done).map(([k, n]) => `${n} ${k}`).join(", ") || "no jobs";
  console.error(`worker: stopped after ${done}`);
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));

/** `--status`: the queue's depth and its latest failures, then exit. */
async function status(url: string): Promise<never> {
  let client;
  try {
    client = await JobClient.open(url, queueSecrets());
  } catch (e) {
    if (e instanceof QueueUrlError) usageError(p.spec, e.message);
    console.error(`./ser worker --status: ${(e as Error).message}`);
    Deno.exit(2);
  }
  const counts = await client.counts();
  console.log(`${client.redacted}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}`);
  for (const f of await client.failures()) console.log(`  failed ${f.id} (${f.attempts} attempts): ${f.reason}`);
  await client.close();
  Deno.exit(0);
}
