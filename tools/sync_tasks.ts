/**
 * Rewrite `deno.json`'s tasks and the README's task table from the task table (`cli/tasks.ts`), after editing it.
 * `cli/tasks_test.ts` fails until this has been run. Usage: `deno run --allow-read --allow-write --allow-run tools/sync_tasks.ts`
 * (it runs `deno fmt` on the two files, so `./ser check` stays clean).
 *
 * @module
 */
import { readmeTaskTable, taskCommand, TASKS } from "../cli/tasks.ts";

const root = new URL("../", import.meta.url);
const denoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
denoJson.tasks = Object.fromEntries(TASKS.map((t) => [t.name, taskCommand(t)]));
await Deno.writeTextFile(new URL("deno.json", root), JSON.stringify(denoJson, null, 2) + "\n");
const readme = await Deno.readTextFile(new URL("README.md", root));
const begin = "<!-- tasks:begin -->", end = "<!-- tasks:end -->";
const i = readme.indexOf(begin), j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error(`README.md has no ${begin} … ${end} section`);
await Deno.writeTextFile(
  new URL("README.md", root),
  `${readme.slice(0, i + begin.length)}\n${readmeTaskTable()}\n${readme.slice(j)}`,
);
const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", "deno.json", "README.md"], cwd: root })
  .output();
if (!fmt.success) throw new Error(`deno fmt failed: ${new TextDecoder().decode(fmt.stderr)}`);
console.log(`deno.json: ${TASKS.length} tasks; README task table updated and formatted`);
