/**
 * Private: the queue's secrets from the environment, never from a command line: `SER_QUEUE_PASSWORD` (used when the
 * URL has no password) and `SER_QUEUE_CA` (a PEM file of authorities to trust for `rediss://`).
 *
 * @module
 */
import type { QueueSecrets } from "$lib/queue/mod.ts";

/** The secrets the environment holds; exits 2 naming `SER_QUEUE_CA` when its file cannot be read. */
export function queueSecrets(): QueueSecrets {
  const password = Deno.env.get("SER_QUEUE_PASSWORD") || undefined;
  const caFile = Deno.env.get("SER_QUEUE_CA");
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = Deno.readTextFileSync(caFile);
    } catch (e) {
      console.error(`SER_QUEUE_CA=${caFile}: cannot read (${(e as Error).message})`);
      Deno.exit(2);
    }
  }
  return { password, ca };
}
