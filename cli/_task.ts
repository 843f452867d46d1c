/**
 * Private: the command line `deno task` runs for a CLI script, so that child processes (the bench's, the tests') get
 * exactly the permissions users get.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The permission flags deno.json's task gives `cli/<script>` (`-A` for a script no task runs).
 *
 * @example
 * taskPermissions("predict.ts"); // ["--allow-read", "--allow-write", …, "--allow-run"]
 */
export function taskPermissions(script: string): string[] {
  const tasks = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks as Record<string, string>;
  const command = Object.values(tasks).find((t) => t.endsWith(` cli/${script}`));
  if (!command) return ["-A"];
  return command.split(/\s+/).filter((w) => w.startsWith("--allow-") || w === "-A");
}

/** `deno` arguments that run `cli/<script>` as its task does, followed by `args`. */
export function taskArgs(script: string, args: readonly string[]): string[] {
  return ["run", ...taskPermissions(script), "--config", join(ROOT, "deno.json"), join(ROOT, "cli", script), ...args];
}
