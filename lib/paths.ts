/**
 * The project's folders as absolute paths, resolved from this file's location, so that notebooks (whose working
 * directory is `notebooks/`) and tasks (run from the root) read and write the same places.
 *
 * @example
 * import { PATHS } from "$lib/paths.ts";
 * await runPipeline({ dataDir: PATHS.dataset, outputsDir: PATHS.outputs });
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute paths of the repository root and its working folders. */
export const PATHS = {
  root,
  dataset: join(root, "dataset"),
  outputs: join(root, "outputs"),
  artifacts: join(root, "artifacts"),
  charts: join(root, "charts"),
  cache: join(root, ".cache", "features"),
  demoCorpus: join(root, ".cache", "demo-corpus"),
} as const;

/** Pipeline folder settings pointing at {@linkcode PATHS}. */
export const PROJECT_FOLDERS = {
  dataDir: PATHS.dataset,
  outputsDir: PATHS.outputs,
  artifactsDir: PATHS.artifacts,
  chartsDir: PATHS.charts,
  cacheDir: PATHS.cache,
  demoDir: PATHS.demoCorpus,
} as const;
