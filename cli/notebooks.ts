/**
 * `./ser notebooks [NOTEBOOK...]`: type-check the notebooks' code and execute them headless with the real
 * Deno kernel (Debian's nbclient via /usr/bin/python3), then assert that each produced its expected outputs.
 * Executed copies go to `outputs/notebooks/`. Exit status 1 when any notebook fails.
 *
 * @module
 */
import { basename, join } from "node:path";
import { PATHS } from "$lib/paths.ts";
import { parseTask } from "./task_args.ts";
import {
  checkNotebooks,
  notebookExpectations,
  type NotebookRun,
  verifyNotebookRun,
} from "$lib/notebook_expectations.ts";

const { positionals } = parseTask("notebooks");
const notebooks = positionals.length
  ? positionals.map((
    n,
  ) => (n.includes("/") ? n : join(PATHS.root, "notebooks", n.endsWith(".ipynb") ? n : `${n}.ipynb`)))
  : [...Deno.readDirSync(join(PATHS.root, "notebooks"))].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort()
    .map((n) => join(PATHS.root, "notebooks", n));

console.error(`type-checking ${notebooks.length} notebooks …`);
const check = await checkNotebooks(notebooks);
if (!check.ok) {
  console.error(check.output);
  console.error("notebook type-check failed");
  Deno.exit(1);
}

// Point the "deno" kernelspec at this Deno.
const install = await new Deno.Command(Deno.execPath(), {
  args: ["jupyter", "--install", "--force"],
  stdout: "null",
  stderr: "piped",
}).output();
if (install.code !== 0) {
  console.error(`deno jupyter --install failed: ${new TextDecoder().decode(install.stderr)}`);
  Deno.exit(1);
}

const outDir = join(PATHS.outputs, "notebooks");
console.error(`executing with the Deno kernel → ${outDir}/`);
const proc = new Deno.Command("/usr/bin/python3", {
  args: [join(PATHS.root, "tools", "execute_notebooks.py"), outDir, ...notebooks],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const runs: NotebookRun[] = [];
const decoder = new TextDecoder();
let buffer = "";
for await (const chunk of proc.stdout) {
  buffer += decoder.decode(chunk, { stream: true });
  let nl;
  while ((nl = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    if (!line.startsWith("{")) continue;
    const run = JSON.parse(line) as NotebookRun;
    runs.push(run);
    const problems = verifyNotebookRun(run, notebookExpectations[run.notebook.replace(/\.ipynb$/, "")] ?? []);
    console.error(
      `${problems.length ? "FAIL" : "ok  "} ${run.notebook} (${run.seconds} s)${
        problems.map((p) => `\n     - ${p}`).join("")
      }`,
    );
    (run as NotebookRun & { problems: string[] }).problems = problems;
  }
}
await proc.status;
const passed = runs.filter((r) => (r as NotebookRun & { problems: string[] }).problems.length === 0).length;
const missing = notebooks.filter((n) => !runs.some((r) => r.notebook === basename(n)));
if (missing.length) console.error(`no result for ${missing.join(", ")}`);
console.log(`notebooks: ${passed} passed, ${notebooks.length - passed} failed`);
Deno.exit(passed === notebooks.length ? 0 : 1);
