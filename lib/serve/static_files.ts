/**
 * The page's files, read once from the one fixed folder `lib/serve/static/` (the on-device site copies the same files). Only the names listed here are served:
 * a request path is looked up in this table, never joined to a file-system path, so no traversal is possible.
 *
 * @module
 */

const FILES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "engine_server.js": "text/javascript; charset=utf-8",
  "capture-worklet.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
};

/** Name → contents and content type. */
export const STATIC_FILES: Record<string, { body: Uint8Array; type: string }> = Object.fromEntries(
  Object.entries(FILES).map((
    [name, type],
  ) => [name, { body: Deno.readFileSync(new URL(`./static/${name}`, import.meta.url)), type }]),
);

const SECURITY_HEADERS = {
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; media-src 'self' blob:",
};

/** The response for `/` or `/static/<name>` when `<name>` is in the table, else `undefined`. */
export function staticResponse(req: Request, path: string): Response | undefined {
  const name = path === "/" ? "index.html" : path.startsWith("/static/") ? path.slice(8) : "";
  if (!Object.hasOwn(STATIC_FILES, name)) return undefined;
  const file = STATIC_FILES[name];
  const body = req.method === "HEAD" ? null : file.body as Uint8Array<ArrayBuffer>;
  return new Response(body, { headers: { "content-type": file.type, ...SECURITY_HEADERS } });
}
