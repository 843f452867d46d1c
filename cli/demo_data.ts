/**
 * `deno task demo-data [DIR] [--seed 42]`: write the synthetic demo corpus (default `dataset/`).
 *
 * @module
 */
import { intFlag, parseFlags } from "./_args.ts";
import { planDemoCorpus, writeDemoCorpus } from "$lib/data/mod.ts";
import { progressBar } from "$lib/io/mod.ts";

const { values, positionals } = parseFlags({
  allowPositionals: true,
  options: { seed: { type: "string", default: "42" }, help: { type: "boolean", short: "h" } },
}, "usage: deno task demo-data [DIR] [--seed 42]   (default DIR: dataset)");
if (values.help) {
  console.error("usage: deno task demo-data [DIR] [--seed 42]   (default DIR: dataset)");
  Deno.exit(0);
}
const root = positionals[0] ?? "dataset";
const seed = intFlag("seed", values.seed, 0, "usage: deno task demo-data [DIR] [--seed 42]")!;
const bar = progressBar(planDemoCorpus(seed).length, "demo-data");
const s = await writeDemoCorpus(root, { seed, onClip: () => bar.tick() });
bar.stop();
console.log(
  `wrote ${s.clips} SYNTHETIC clips to ${root}/ in ${s.seconds.toFixed(1)} s: ${
    Object.entries(s.byCorpus).map(([k, v]) => `${k} ${v}`).join(", ")
  }`,
);
console.log(
  "These are generated source-filter signals, not recordings of people; every output that uses them says so.",
);
