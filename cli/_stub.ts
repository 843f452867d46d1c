/**
 * Shared exit path for CLI tasks whose stage has not landed yet.
 *
 * @module
 */

/** Print a clear "not implemented yet" message naming the task and the issue that delivers it, then exit 3. */
export function notImplemented(task: string, arrivesWith: string): never {
  console.error(`deno task ${task}: not implemented yet (arrives with ${arrivesWith}).`);
  Deno.exit(3);
}
