/**
 * Private: JSON responses, typed HTTP errors, the content type as a browser sends it, and a request-body reader that
 * enforces the size limit while the body streams in (never buffering more than the limit), gives up on a slow client
 * (408), and tells a client that went away (`aborted`) from a server fault.
 *
 * @module
 */

/** An error that becomes a JSON response `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** The JSON error response of an {@linkcode HttpError} (and 500 for anything else, without its stack). */
export function errorResponse(e: unknown): Response {
  if (e instanceof HttpError) return json({ error: { code: e.code, message: e.message } }, e.status, e.headers);
  return json({ error: { code: "internal", message: "internal error" } }, 500);
}

/**
 * A `Content-Type` header: its media type in lower case, and its parameters with their values as sent — a multipart
 * boundary is case-sensitive (Chromium's are `----WebKitFormBoundary…`).
 *
 * @example
 * mediaType("Multipart/Form-Data; boundary=----WebKitFormBoundaryAbC").params.boundary; // "----WebKitFormBoundaryAbC"
 */
export function mediaType(header: string | null): { type: string; params: Record<string, string> } {
  const [type, ...rest] = (header ?? "").split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    params[key] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

/**
 * Read a request body of at most `maxBytes`: a declared `Content-Length` over the limit is refused before reading, and
 * a streamed body is cut off (and the connection not kept) as soon as it passes the limit.
 *
 * @throws {HttpError} 413 when too large, 408 when the body does not arrive within `timeoutMs`, 400 `aborted` when the
 *   client goes away mid-body, 400 `empty_body` when empty.
 */
export async function readBody(req: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  const close = { connection: "close" };
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new HttpError(413, "too_large", `the body (${declared} bytes) is over the ${maxBytes}-byte limit`, close);
  }
  if (!req.body) throw new HttpError(400, "empty_body", "the request has no body: send the audio file as the body");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(408, "body_timeout", `the body did not arrive within ${timeoutMs} ms`, close)),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const r = await Promise.race([reader.read(), timeout]).catch((e) => {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, "aborted", `the client went away after ${total} bytes of the body`, close);
      });
      if (r.done) break;
      total += r.value.length;
      if (total > maxBytes) throw new HttpError(413, "too_large", `the body is over the ${maxBytes}-byte limit`, close);
      chunks.push(r.value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (total === 0) throw new HttpError(400, "empty_body", "the request body is empty: send the audio file");
  const out = new Uint8Array(total);
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}
