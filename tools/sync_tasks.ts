/**
 * Rewrite `deno.json`'s tasks and the README's task table from the task table (`cli/tasks.ts`), after editing it.
 * `cli/tasks_test.ts` fails until this has been run. Usage: `deno run --allow-read --allow-write tools/sync_tasks.ts`.
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
console.log(`deno.json: ${TASKS.length} tasks; README task table updated`);
