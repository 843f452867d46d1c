/**
 * `./ser demo-data [DIR] [--seed 42]`: write the synthetic demo corpus (default `dataset/`).
 *
 * @module
 */
import { intFlag, parseTask } from "./task_args.ts";
import { planDemoCorpus, writeDemoCorpus } from "$lib/data/mod.ts";
import { progressBar } from "$lib/io/mod.ts";

const p = parseTask("demo-data");
const root = p.positionals[0] ?? "dataset";
const seed = intFlag(p, "seed", 0)!;
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
