import assert from "node:assert/strict";
import { HttpError } from "./_http.ts";
import { accessPolicy, checkAccess, corsHeaders, hostName } from "./guards.ts";

const req = (headers: Record<string, string>) => new Request("http://127.0.0.1:8000/v1/model", { headers });
const refused = (f: () => void, status: number) =>
  assert.throws(f, (e: unknown) => e instanceof HttpError && e.status === status);

Deno.test("checkAccess(): the Host header must name the server; other names are 421 (DNS rebinding)", () => {
  const p = accessPolicy("127.0.0.1", { allowHosts: ["ser.lan"] });
  for (const host of ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "ser.lan:8000"]) {
    checkAccess(req({ host }), p);
  }
  refused(() => checkAccess(req({ host: "evil.example:8000" }), p), 421);
  refused(() => checkAccess(req({ host: "127.0.0.2" }), p), 421);
  assert.equal(hostName("[::1]:8000"), "[::1]");
});

Deno.test("checkAccess(): another origin is 403 unless --cors names it; same-origin and origin-less pass", () => {
  const p = accessPolicy("127.0.0.1");
  checkAccess(req({ host: "127.0.0.1:8000", origin: "http://127.0.0.1:8000" }), p);
  checkAccess(req({ host: "127.0.0.1:8000" }), p);
  refused(() => checkAccess(req({ host: "127.0.0.1:8000", origin: "http://evil.example" }), p), 403);
  refused(() => checkAccess(req({ host: "127.0.0.1:8000", origin: "null" }), p), 403);
  const open = accessPolicy("127.0.0.1", { cors: "https://app.example" });
  checkAccess(req({ host: "127.0.0.1:8000", origin: "https://app.example" }), open);
  assert.deepEqual(corsHeaders(req({ origin: "https://app.example" }), open), {
    "access-control-allow-origin": "https://app.example",
    vary: "origin",
  });
  assert.deepEqual(corsHeaders(req({ origin: "https://other.example" }), open), {});
});
