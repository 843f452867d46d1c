/**
 * The page's committed bundles: each TypeScript entry of `lib/page/` and the JavaScript file the server serves (and
 * the on-device site copies) from `lib/serve/static/`. `./ser build-page` writes them; a test rebuilds them and fails
 * when a committed bundle no longer matches its source.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { bundleBrowser } from "../io/bundle_browser.ts";
import { joinPath } from "../io/file_path.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Entry (under `lib/page/`) → bundle (under `lib/serve/static/`). */
export const PAGE_BUNDLES: Readonly<Record<string, string>> = {
  "app.ts": "app.js",
  "engine_server.ts": "engine_server.js",
  "capture_worklet.ts": "capture-worklet.js",
};

/** The first line of every page bundle (the structure check knows a built file by it). */
export const BUNDLE_HEADER = "// Built by ./ser build-page from lib/page/";

/**
 * Bundle every page entry into `outDir` (default: `lib/serve/static/`), each behind its header line.
 *
 * @returns The bundles written, as paths.
 * @example
 * await buildPageBundles(); // what ./ser build-page does
 */
export async function buildPageBundles(outDir = joinPath(ROOT, "lib", "serve", "static")): Promise<string[]> {
  const written: string[] = [];
  for (const [entry, bundle] of Object.entries(PAGE_BUNDLES)) {
    const tmp = await Deno.makeTempFile({ suffix: ".js" });
    try {
      await bundleBrowser(joinPath(ROOT, "lib", "page", entry), tmp);
      const body = await Deno.readTextFile(tmp);
      const out = joinPath(outDir, bundle);
      await writeFileAtomic(out, `${BUNDLE_HEADER}${entry}: edit the TypeScript, not this file.\n${body}`);
      written.push(out);
    } finally {
      await Deno.remove(tmp).catch(() => {});
    }
  }
  return written;
}
