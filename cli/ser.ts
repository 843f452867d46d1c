/**
 * `./ser`'s dispatcher: lists the tasks, prints help, catches typos ("did you mean"), and runs a task with exactly the
 * permissions of its row in the task table (`tasks.ts`), passing its exit status through. The `./ser` shell script
 * installs Deno and the dependencies first, then hands over to this.
 *
 *   ./ser                 the task list          ./ser help TASK | ./ser TASK --help   one task's options
 *   ./ser --help | help   the task list          ./ser TASK [options]                  run it
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { didYouMean, helpOf, taskCommand, taskList, TASKS } from "./tasks.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const [name, ...rest] = Deno.args;

if (name === undefined || name === "--help" || name === "-h" || name === "help" && rest.length === 0) {
  console.log(taskList());
  Deno.exit(0);
}
const wanted = name === "help" ? rest[0] : name;
const spec = TASKS.find((t) => t.name === wanted);
if (!spec) {
  const guess = didYouMean(wanted, TASKS.map((t) => t.name));
  console.error(`./ser: no task "${wanted}"${guess ? ` (did you mean ${guess}?)` : ""}\n\n${taskList()}`);
  Deno.exit(2);
}
if (name === "help" || (spec.command && (rest.includes("--help") || rest.includes("-h")))) {
  console.log(helpOf(spec));
  Deno.exit(0);
}

// Run the task's own command line (deno.json has the same), in the repository root, forwarding signals.
const words = taskCommand(spec).split(" && ");
for (const [i, line] of words.entries()) {
  const [_deno, ...args] = line.split(" ");
  const child = new Deno.Command(Deno.execPath(), {
    args: i === words.length - 1 ? [...args, ...rest] : args,
    cwd: ROOT,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  const handlers = (["SIGINT", "SIGTERM"] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) Deno.addSignalListener(s, h);
  const status = await child.status;
  for (const [s, h] of handlers) Deno.removeSignalListener(s, h);
  const bySignal: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
  if (status.code !== 0 || i === words.length - 1) {
    Deno.exit(status.signal ? bySignal[status.signal] ?? 1 : status.code);
  }
}
