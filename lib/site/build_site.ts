/**
 * The on-device site: a static folder that runs a trained model in the visitor's browser — decoding, resampling,
 * the features (the same WebAssembly kernels), the VAD, the model, enrolment and the live timeline — from any static
 * host, with a Content-Security-Policy that lets nothing leave the page once it has loaded.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { bundleBrowser } from "../io/bundle_browser.ts";
import { joinPath, parentOf } from "../io/file_path.ts";
import { ARTIFACT_FILES, loadArtifacts, modelFiles, USE_MODE_NAMES } from "../model/mod.ts";

/** What {@linkcode buildSite} wrote. */
export interface SiteSummary {
  out: string;
  /** Every file, relative to `out`, with its size in bytes. */
  files: { path: string; bytes: number }[];
  /** Total bytes, and gzip-compressed. */
  bytes: number;
  gzipBytes: number;
  seconds: number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STATIC = joinPath(ROOT, "lib", "serve", "static");

/** The page's CSP: scripts, workers, styles, WebAssembly and fetches from the site itself only; nothing else. */
export const SITE_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "connect-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; base-uri 'none'; form-action 'none'";

/** The server's page, as the on-device one: the local engine, the CSP in a meta tag, the footer that says so. */
function sitePage(html: string): string {
  return html
    .replace('<body data-engine="server">', '<body data-engine="local">')
    .replace(
      '<meta charset="utf-8">',
      `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">`,
    )
    .replace(
      "<title>Speech emotion recognition — live</title>",
      "<title>Speech emotion recognition — on this device</title>",
    )
    .replace(
      /<footer id="footer"[^>]*>[\s\S]*?<\/footer>/,
      '<footer id="footer" class="muted">Everything runs in this browser: no audio and no result leaves this device.</footer>',
    );
}

/** Copy the artifacts the browser loads (`modelFiles`: metadata, labels, each trained mode, gender) in this layout. */
async function copyModel(artifactsDir: string, out: string): Promise<void> {
  const trained = await loadArtifacts(artifactsDir);
  const modes = USE_MODE_NAMES.filter((m) => trained.fitted.modes[m]);
  // An older run's layout is written in this one's (model/ is the global model; metadata names the modes).
  const metadata = { ...trained.metadata, modes, speaker_norm: undefined };
  for (const [from, to] of modelFiles(trained.metadata, modes, Boolean(trained.fitted.gender))) {
    const target = joinPath(out, "model", to);
    await Deno.mkdir(parentOf(target), { recursive: true });
    if (to === ARTIFACT_FILES.metadata) await Deno.writeTextFile(target, JSON.stringify(metadata));
    else await Deno.copyFile(joinPath(artifactsDir, from), target);
  }
}

async function listFiles(dir: string, prefix = ""): Promise<{ path: string; bytes: number }[]> {
  const out: { path: string; bytes: number }[] = [];
  for await (const e of Deno.readDir(joinPath(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listFiles(dir, rel));
    else out.push({ path: rel, bytes: (await Deno.stat(joinPath(dir, rel))).size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(s).arrayBuffer()).byteLength;
}

/**
 * Write the on-device site for trained artifacts into `out` (replaced if it exists): `index.html` (the server's page
 * with the local engine and a CSP), `app.js`, `style.css`, `capture-worklet.js`, `engine_local.js`, `site_worker.js`
 * (the model, features and VAD, bundled), `fvad.wasm`, and `model/` (the artifacts the browser loads).
 *
 * @throws {ArtifactError} If the artifacts cannot be loaded; {Error} if bundling fails.
 * @example
 * const s = await buildSite("artifacts", "site");
 * // python3 -m http.server -d site 8080
 */
export async function buildSite(artifactsDir: string, out: string): Promise<SiteSummary> {
  const t0 = performance.now();
  await Deno.remove(out, { recursive: true }).catch(() => {});
  await Deno.mkdir(out, { recursive: true });
  await copyModel(artifactsDir, out);
  await Deno.writeTextFile(
    joinPath(out, "index.html"),
    sitePage(await Deno.readTextFile(joinPath(STATIC, "index.html"))),
  );
  await Deno.mkdir(joinPath(out, "static"), { recursive: true });
  for (const f of ["app.js", "style.css", "capture-worklet.js"]) {
    await Deno.copyFile(joinPath(STATIC, f), joinPath(out, "static", f));
  }
  await bundleBrowser(joinPath(ROOT, "lib", "site", "engine_local.ts"), joinPath(out, "static", "engine_local.js"), {
    minify: true,
  });
  await bundleBrowser(joinPath(ROOT, "lib", "site", "site_worker.ts"), joinPath(out, "static", "site_worker.js"), {
    minify: true,
  });
  await Deno.copyFile(
    joinPath(ROOT, "node_modules", "@echogarden", "fvad-wasm", "fvad.wasm"),
    joinPath(out, "static", "fvad.wasm"),
  );
  const files = await listFiles(out);
  let gz = 0;
  for (const f of files) gz += await gzipSize(await Deno.readFile(joinPath(out, f.path)));
  return {
    out,
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzipBytes: gz,
    seconds: (performance.now() - t0) / 1000,
  };
}
