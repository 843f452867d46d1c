/**
 * Private: JSON responses, typed HTTP errors, and a request-body reader that enforces the size limit while the body
 * streams in (never buffering more than the limit) and gives up on a slow client.
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
 * Read a request body of at most `maxBytes`: a declared `Content-Length` over the limit is refused before reading, and
 * a streamed body is cut off (and the connection not kept) as soon as it passes the limit.
 *
 * @throws {HttpError} 413 when too large, 408 when the body does not arrive within `timeoutMs`, 400 when empty.
 */
export async function readBody(req: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  const tooLarge = (n: number) =>
    new HttpError(413, "too_large", `the body is ${n > maxBytes ? `over ${n}` : "over"} the ${maxBytes}-byte limit`, {
      connection: "close",
    });
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new HttpError(413, "too_large", `the body (${declared} bytes) is over the ${maxBytes}-byte limit`, {
      connection: "close",
    });
  }
  if (!req.body) throw new HttpError(400, "empty_body", "the request has no body: send the audio file as the body");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(408, "timeout", `the body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const r = await Promise.race([reader.read(), timeout]);
      if (r.done) break;
      total += r.value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(total);
      }
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

/** CORS headers for `req`: none unless `cors` is set, and then only for that origin (or any, for `*`). */
export function corsHeadersFor(req: Request, cors: string | null): Record<string, string> {
  if (!cors) return {};
  const origin = req.headers.get("origin");
  if (cors !== "*" && origin !== cors) return {};
  return { "access-control-allow-origin": cors, vary: "origin" };
}
