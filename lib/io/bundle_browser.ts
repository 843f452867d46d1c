/**
 * Bundle a TypeScript entry point for browsers with `deno bundle` (esbuild underneath): the page's modules, the
 * on-device site's engine and worker.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { joinPath } from "./file_path.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Bundle `entry` into one ES module at `out`, resolved with the project's `deno.json`.
 *
 * @param entry The entry module (path).
 * @param out The bundle to write (path).
 * @param options.minify Minify (default false: a readable bundle, as the page's committed ones are).
 * @throws {Error} If bundling fails, with deno's message.
 * @example
 * await bundleBrowser("lib/page/app.ts", "lib/serve/static/app.js");
 */
export async function bundleBrowser(entry: string, out: string, options: { minify?: boolean } = {}): Promise<void> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      ...(options.minify ? ["--minify"] : []),
      "--config",
      joinPath(ROOT, "deno.json"),
      "-o",
      out,
      entry,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (r.code !== 0) throw new Error(`deno bundle ${entry} failed: ${new TextDecoder().decode(r.stderr).trim()}`);
}
