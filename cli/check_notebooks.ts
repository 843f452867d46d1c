/**
 * Type-check the notebooks' code cells (part of `deno task check`).
 *
 * @module
 */
import { join } from "node:path";
import { checkNotebooks } from "$lib/notebook_expectations.ts";
import { PATHS } from "$lib/paths.ts";

const dir = join(PATHS.root, "notebooks");
const notebooks = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort().map((n) =>
  join(dir, n)
);
const r = await checkNotebooks(notebooks);
if (!r.ok) {
  console.error(r.output);
  console.error(`notebook type-check failed`);
  Deno.exit(1);
}
console.error(`type-checked ${notebooks.length} notebooks`);
