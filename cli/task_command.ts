/**
 * The command line `./ser` runs for a CLI script, from the task table, so that child processes (the bench's,
 * the tests') get exactly the permissions users get.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TASKS } from "./tasks.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The permission flags the task table gives `cli/<script>` (`-A` for a script no task runs).
 *
 * @example
 * taskPermissions("predict.ts"); // ["--allow-read", "--allow-write", …, "--allow-run"]
 */
export function taskPermissions(script: string): string[] {
  return TASKS.find((t) => t.script === `cli/${script}`)?.permissions ?? ["-A"];
}

/** `deno` arguments that run `cli/<script>` as its task does, followed by `args`. */
export function taskArgs(script: string, args: readonly string[]): string[] {
  return ["run", ...taskPermissions(script), "--config", join(ROOT, "deno.json"), join(ROOT, "cli", script), ...args];
}
