/**
 * The on-device site inside a notebook: a static file server on loopback for a folder `buildSite()` wrote, and an
 * output cell that shows the site in an iframe. The page then runs as it does from any static host — decoding, the
 * features, the VAD and the model in the browser, the microphone through the iframe's `allow="microphone"` — and the
 * kernel only hands out files.
 *
 * @module
 */
import { extname, join, resolve, sep } from "node:path";
import type { Displayable } from "../charts/displays.ts";
import { accessPolicy, checkAccess } from "../serve/guards.ts";
import { SITE_CSP } from "./build_site.ts";

/** Options of {@linkcode displaySite}. */
export interface DisplaySiteOptions {
  /** Loopback port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Height of the iframe in CSS pixels. Default 760. */
  height?: number;
}

/** A served site that a notebook cell displays as an iframe; `close()` stops its server. */
export interface SiteDisplay extends Displayable {
  /** Where the site is served, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** The iframe, as the notebook shows it. */
  readonly html: string;
  /** Stop serving (the iframe then stops loading new files; a page already loaded keeps running). */
  close(): Promise<void>;
  toString(): string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * The file under `root` that a request path names (`/` is `index.html`), or null when it leaves `root`.
 *
 * @example
 * siteFile("/srv/site", "/static/app.js"); // "/srv/site/static/app.js"
 * siteFile("/srv/site", "/../etc/passwd"); // null
 */
export function siteFile(root: string, pathname: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path.endsWith("/") ? `${path}index.html` : path}`);
  return file === base || !file.startsWith(base + sep) ? null : file;
}

/** Loopback names only: a DNS-rebinding page cannot read the site (or the model in it) through another name. */
const LOOPBACK_ONLY = accessPolicy("127.0.0.1");

async function answer(root: string, req: Request): Promise<Response> {
  try {
    checkAccess(req, LOOPBACK_ONLY);
  } catch (e) {
    const status = (e as { status?: number }).status ?? 403;
    return new Response(`${(e as Error).message}\n`, { status });
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return new Response("only GET and HEAD\n", { status: 405, headers: { allow: "GET, HEAD" } });
  }
  const file = siteFile(root, new URL(req.url).pathname);
  const stat = file ? await Deno.stat(file).catch(() => null) : null;
  if (!file || !stat?.isFile) return new Response("not found\n", { status: 404 });
  const headers = {
    "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": String(stat.size),
    "content-security-policy": SITE_CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  };
  if (req.method === "HEAD") return new Response(null, { headers });
  return new Response((await Deno.open(file)).readable, { headers });
}

/**
 * Serve the on-device site in `dir` on 127.0.0.1 and return a display for a notebook cell: an iframe of the site,
 * with the microphone allowed. Run it in a Deno-kernel notebook on the machine whose browser shows the notebook (the
 * iframe loads from that machine's loopback; a remote Jupyter needs its port forwarded).
 *
 * @param dir A folder written by `buildSite()` (it must hold `index.html`).
 * @throws {Deno.errors.NotFound} If `dir` holds no `index.html`; {RangeError} for a port outside 0–65535.
 * @example
 * import { buildSite, displaySite } from "$lib/site/mod.ts";
 * await buildSite("artifacts", ".cache/site");
 * await displaySite(".cache/site"); // the last expression of a cell: the page appears in its output
 */
export async function displaySite(dir: string, options: DisplaySiteOptions = {}): Promise<SiteDisplay> {
  const port = options.port ?? 0, height = options.height ?? 760;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`\`port\` must be an integer in 0–65535: received ${port}`);
  }
  const index = join(dir, "index.html");
  if (!(await Deno.stat(index).catch(() => null))?.isFile) {
    throw new Deno.errors.NotFound(`${dir}: no index.html here; write the site first with buildSite() or ./ser site`);
  }
  const root = resolve(dir);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port, onListen: () => {} },
    (req) => answer(root, req).catch(() => new Response("cannot read the file\n", { status: 500 })),
  );
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const html = `<iframe src="${url}" title="Speech emotion recognition on this device" allow="microphone" ` +
    `style="width:100%;height:${height}px;border:1px solid #ddd;border-radius:4px"></iframe>`;
  const text = `the on-device site: ${url}`;
  return {
    url,
    html,
    close: () => server.shutdown(),
    toString: () => text,
    [Symbol.for("Jupyter.display")]: () => ({ "text/html": html, "text/plain": text }),
  };
}
