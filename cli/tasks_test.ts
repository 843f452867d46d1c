import assert from "node:assert/strict";
import { didYouMean, helpOf, readmeTaskTable, taskCommand, taskList, TASKS, usageOf } from "./tasks.ts";

const root = new URL("../", import.meta.url);

Deno.test("deno.json's tasks are the task table's, command for command", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(new URL("deno.json", root))).tasks;
  assert.deepEqual(tasks, Object.fromEntries(TASKS.map((t) => [t.name, taskCommand(t)])), "run tools/sync_tasks.ts");
});

/** A markdown table with its cells trimmed and its rule row reduced to dashes (as `deno fmt` pads them). */
const cells = (table: string) =>
  table.trim().split("\n").map((l) => l.split(/(?<!\\)\|/).map((c) => c.trim().replace(/^-+$/, "-")).join("|"));

Deno.test("the README's task list is the task table's", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", root));
  const section = /<!-- tasks:begin -->([\s\S]*?)<!-- tasks:end -->/.exec(readme)?.[1] ?? "";
  assert.deepEqual(cells(section), cells(readmeTaskTable()), "README task table is stale: run tools/sync_tasks.ts");
});

Deno.test("./ser --help names every task; each task's script exists and its usage says ./ser", async () => {
  const list = taskList();
  for (const t of TASKS) {
    assert.match(list, new RegExp(`\\n  ${t.name} `), t.name);
    if (t.script) await Deno.stat(new URL(t.script, root));
    assert.match(usageOf(t), new RegExp(`^usage: \\./ser ${t.name}\\b`));
    assert.match(helpOf(t), /examples:/);
  }
});

Deno.test("didYouMean() catches typos and prefixes, and stays quiet for unrelated words", () => {
  assert.equal(didYouMean("tran", TASKS.map((t) => t.name)), "train");
  assert.equal(didYouMean("predcit", TASKS.map((t) => t.name)), "predict");
  assert.equal(didYouMean("epoch", ["epochs", "seed"]), "epochs");
  assert.equal(didYouMean("zzzzzz", TASKS.map((t) => t.name)), null);
});
