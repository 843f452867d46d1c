import assert from "node:assert/strict";
import { errorResponse, HttpError, mediaType, readBody } from "./_http.ts";

Deno.test("mediaType() lower-cases the type but keeps a multipart boundary as sent", () => {
  const m = mediaType('Multipart/Form-Data; Boundary="----WebKitFormBoundaryAbC"; charset=UTF-8');
  assert.equal(m.type, "multipart/form-data");
  assert.equal(m.params.boundary, "----WebKitFormBoundaryAbC");
  assert.equal(m.params.charset, "UTF-8");
  assert.deepEqual(mediaType(null), { type: "", params: {} });
});

Deno.test("readBody(): a declared length over the limit is 413 before reading; streamed bodies are cut off", async () => {
  const big = new Request("http://x/", { method: "POST", body: "x".repeat(20), headers: { "content-length": "20" } });
  await assert.rejects(readBody(big, 10, 1000), (e: HttpError) => e.status === 413 && /20 bytes/.test(e.message));
  const chunks = new ReadableStream({
    start(c) {
      for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(6));
      c.close();
    },
  });
  const streamed = new Request("http://x/", { method: "POST", body: chunks, duplex: "half" } as RequestInit);
  await assert.rejects(readBody(streamed, 10, 1000), (e: HttpError) => e.status === 413 && e.code === "too_large");
  const ok = new Request("http://x/", { method: "POST", body: "hello" });
  assert.equal(new TextDecoder().decode(await readBody(ok, 10, 1000)), "hello");
});

Deno.test("readBody(): a body that stops arriving is 408 body_timeout, one that breaks off is 400 aborted", async () => {
  const stalled = new ReadableStream({
    start(c) {
      c.enqueue(new Uint8Array(3));
    },
  });
  const slow = new Request("http://x/", { method: "POST", body: stalled, duplex: "half" } as RequestInit);
  await assert.rejects(readBody(slow, 100, 50), (e: HttpError) => e.status === 408 && e.code === "body_timeout");
  const broken = new ReadableStream({
    start(c) {
      c.enqueue(new Uint8Array(3));
      c.error(new Error("connection reset"));
    },
  });
  const gone = new Request("http://x/", { method: "POST", body: broken, duplex: "half" } as RequestInit);
  await assert.rejects(readBody(gone, 100, 1000), (e: HttpError) => e.status === 400 && e.code === "aborted");
});

Deno.test("errorResponse() gives the code and message as JSON, and 500 without details for anything else", async () => {
  const r = errorResponse(new HttpError(422, "too_long", "61.2 s is longer than the 60 s allowed"));
  assert.equal(r.status, 422);
  assert.deepEqual(await r.json(), { error: { code: "too_long", message: "61.2 s is longer than the 60 s allowed" } });
  const internal = errorResponse(new TypeError("x is undefined at /srv/app.ts:12"));
  assert.equal(internal.status, 500);
  assert.deepEqual(await internal.json(), { error: { code: "internal", message: "internal error" } });
});
