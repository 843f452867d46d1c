import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCsv } from "$lib/io/mod.ts";
import { trainSmallDemoRun } from "./support/run_cli.ts";

Deno.test("train: pooled-mlp's one augmented copy per clip joins the training split only; --augment 0 turns it off", async () => {
  const logs: string[] = [];
  const plain = await trainSmallDemoRun({ limit: 64, epochs: 2, augment: 0 });
  // No `augment`: the default family's own (pooled-mlp: 1).
  const aug = await trainSmallDemoRun({ limit: 64, epochs: 2, log: (m) => logs.push(m) });
  const split = (dir: string) => parseCsv(Deno.readTextFileSync(join(dir, "split.csv")));
  const train = split(plain.outputs).filter((r) => r.split === "train").length;
  assert.ok(logs.some((l) => l.includes(`${train} augmented copies join the training split only`)), logs.join("\n"));
  // The same clips are validated and tested, unaugmented.
  assert.deepEqual(split(aug.outputs), split(plain.outputs));
  const tested = (dir: string) => parseCsv(Deno.readTextFileSync(join(dir, "test_predictions.csv"))).map((r) => r.path);
  assert.deepEqual(tested(aug.outputs), tested(plain.outputs));
  const meta = JSON.parse(Deno.readTextFileSync(join(aug.artifacts, "model_metadata.json")));
  assert.equal(meta.augment_copies, 1);
  assert.equal(JSON.parse(Deno.readTextFileSync(join(plain.artifacts, "model_metadata.json"))).augment_copies, 0);
  for (const r of [plain, aug]) await Deno.remove(r.tmp, { recursive: true });
});
