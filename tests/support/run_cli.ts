/**
 * Run a CLI entry point of this project as a subprocess, the way `deno task` does.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { taskArgs } from "../../cli/task_command.ts";
import type { UseModeName } from "$lib/model/mod.ts";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Run `cli/<script>` with the given arguments, with its task's permissions; returns exit code, stdout and stderr (colour off). */
export async function runCli(
  script: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: taskArgs(script, args),
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  });
  const r = await cmd.output();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

/** Folders of a small training run made by {@linkcode trainSmallDemoRun}. */
export interface SmallRun {
  /** What `runPipeline` returned. */
  summary: Awaited<ReturnType<typeof import("$lib/pipeline/mod.ts").runPipeline>>;
  tmp: string;
  data: string;
  outputs: string;
  artifacts: string;
  charts: string;
}

/**
 * Write `limit` clips of the demo corpus into a temporary folder and run the whole pipeline on them for a few epochs,
 * with every output in that folder.
 */
export async function trainSmallDemoRun(
  options: {
    limit: number;
    epochs: number;
    extraFiles?: Record<string, string>;
    log?: (m: string) => void;
    model?: string;
    modes?: UseModeName[];
    augment?: number;
  },
): Promise<SmallRun> {
  const { writeDemoCorpus } = await import("$lib/data/mod.ts");
  const { runPipeline } = await import("$lib/pipeline/mod.ts");
  const tmp = await Deno.makeTempDir();
  const dirs = {
    tmp,
    data: join(tmp, "dataset"),
    outputs: join(tmp, "outputs"),
    artifacts: join(tmp, "artifacts"),
    charts: join(tmp, "charts"),
  };
  await writeDemoCorpus(dirs.data, { limit: options.limit });
  for (const [name, text] of Object.entries(options.extraFiles ?? {})) {
    await Deno.writeTextFile(join(dirs.data, name), text);
  }
  const summary = await runPipeline({
    dataDir: dirs.data,
    outputsDir: dirs.outputs,
    artifactsDir: dirs.artifacts,
    chartsDir: dirs.charts,
    cacheDir: join(tmp, "cache"),
    epochs: options.epochs,
    model: options.model,
    modes: options.modes,
    augment: options.augment,
    quiet: true,
    log: options.log ?? (() => {}),
  });
  return { summary, ...dirs };
}
