/**
 * The data source of a run: the corpus folder when it holds labelled clips, else the synthetic demo corpus
 * (generated on first use), said so in every output.
 *
 * @module
 */
import { join } from "node:path";
import {
  countBy,
  DEMO_CORPUS_VERSION,
  discoverCorpus,
  type Discovery,
  planDemoCorpus,
  SYNTHETIC_MARKER,
  writeDemoCorpus,
} from "../../data/mod.ts";
import { progressBar } from "../../io/mod.ts";
import { type DataSource, defaults, type PipelineConfig } from "./config.ts";
/**
 * Decide which corpus to use: `dataDir` when it holds at least one labelled clip, otherwise the synthetic demo corpus
 * (generated into `demoDir` on first use, and regenerated when the generator version changes) unless
 * `demoFallback` is false.
 *
 * @throws {Error} With `demoFallback: false`, if `dataDir` is missing or holds no recognised clip.
 *
 * @example
 * const source = await resolveDataSource({ dataDir: "dataset" });
 */
export async function resolveDataSource(
  config: PipelineConfig = {},
): Promise<{ source: DataSource; discovery: Discovery }> {
  const c = defaults(config);
  const exists = await Deno.stat(c.dataDir).then((s) => s.isDirectory, () => false);
  if (!exists && config.demoFallback === false) throw new Error(`${c.dataDir}: no such folder`);
  if (exists) {
    let bar: ReturnType<typeof progressBar> | null = null;
    const discovery = await discoverCorpus(c.dataDir, {
      includeBoredom: config.includeBoredom,
      layout: config.layout,
      speakerPattern: config.speakerPattern,
      labels: config.labels,
      merge: config.merge,
      hashCache: c.cacheDir === null ? null : join(c.cacheDir, "file_hashes.json"),
      // Hashing thousands of files takes a while: show progress on corpora of real size.
      onProgress: (_done, total) => {
        bar ??= progressBar(total, "discover", { quiet: config.quiet || total < 500 });
        bar.tick();
      },
    });
    (bar as ReturnType<typeof progressBar> | null)?.stop();
    if (discovery.entries.length > 0) {
      const kind = discovery.synthetic ? "synthetic" : "real";
      const corpora = countBy(discovery.entries.map((e) => e.corpus)).map(([k, n]) => `${k} ${n}`).join(", ");
      return {
        source: {
          root: c.dataDir,
          kind,
          note: `${c.dataDir}/: ${discovery.entries.length} ${
            kind === "synthetic" ? "SYNTHETIC " : ""
          }clips (${corpora})`,
        },
        discovery,
      };
    }
  }
  if (config.demoFallback === false) {
    throw new Error(
      `${c.dataDir}: no labelled clips found: no metadata.csv lists any, and no RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB clips ` +
        `were recognised${
          config.layout === "folders" ? " (--layout folders: no audio files inside label folders)" : ""
        }` +
        " — see the README's data layouts (metadata.csv, --layout folders, the named corpora)",
    );
  }
  const marker = await Deno.readTextFile(join(c.demoDir, SYNTHETIC_MARKER)).then((t) => JSON.parse(t), () => null);
  if (
    !marker || marker.version !== DEMO_CORPUS_VERSION || marker.seed !== 42 ||
    marker.files?.length !== planDemoCorpus(42).length
  ) {
    c.log(`${c.dataDir}/ holds no corpus: generating the synthetic demo corpus in ${c.demoDir}/ …`);
    const bar = progressBar(planDemoCorpus(42).length, "demo-data", { quiet: config.quiet });
    await Deno.remove(c.demoDir, { recursive: true }).catch(() => {});
    await writeDemoCorpus(c.demoDir, { seed: 42, onClip: () => bar.tick() });
    bar.stop();
  }
  const discovery = await discoverCorpus(c.demoDir, {
    labels: config.labels,
    merge: config.merge,
    hashCache: c.cacheDir === null ? null : join(c.cacheDir, "file_hashes.json"),
  });
  return {
    source: {
      root: c.demoDir,
      kind: "synthetic",
      note:
        `${c.dataDir}/ holds no corpus, so this run uses the SYNTHETIC demo corpus (${discovery.entries.length} generated clips in ${c.demoDir}/). ` +
        `Its numbers say nothing about real speech; put RAVDESS, CREMA-D, TESS, SAVEE or EMO-DB under ${c.dataDir}/ to train on recordings.`,
    },
    discovery,
  };
}
