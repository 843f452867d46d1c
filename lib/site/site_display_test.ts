import assert from "node:assert/strict";
import { join } from "node:path";
import { displaySite, siteFile } from "./site_display.ts";
import { SITE_CSP } from "./build_site.ts";

Deno.test("siteFile keeps requests inside the site folder", () => {
  assert.equal(siteFile("/srv/site", "/"), "/srv/site/index.html");
  assert.equal(siteFile("/srv/site", "/static/app.js"), "/srv/site/static/app.js");
  assert.equal(siteFile("/srv/site", "/model/"), "/srv/site/model/index.html");
  assert.equal(siteFile("/srv/site", "/../etc/passwd"), null);
  assert.equal(siteFile("/srv/site", "/%2e%2e/%2e%2e/etc/passwd"), null);
  assert.equal(siteFile("/srv/site", "/static/%00.js"), null);
  assert.equal(siteFile("/srv/site", "/%E0%A4%A"), null);
});

Deno.test("displaySite serves the folder on loopback with the site's CSP and shows it as an iframe", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "static"));
  await Deno.writeTextFile(join(dir, "index.html"), "<!doctype html><p>hello</p>");
  await Deno.writeFile(join(dir, "static", "k.wasm"), new Uint8Array([0, 97, 115, 109]));
  const secret = `${dir.split("/").pop()}-secret.txt`; // beside the site folder, not in it
  await Deno.writeTextFile(join(dir, "..", secret), "secret");
  const site = await displaySite(dir, { height: 500 });
  try {
    assert.match(site.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const shown = site[Symbol.for("Jupyter.display")]();
    assert.match(shown["text/html"], new RegExp(`<iframe src="${site.url}"[^>]* allow="microphone"`));
    assert.match(shown["text/html"], /height:500px/);
    assert.equal(shown["text/plain"], `the on-device site: ${site.url}`);
    assert.equal(String(site), shown["text/plain"]);

    const page = await fetch(site.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(page.headers.get("content-security-policy"), SITE_CSP);
    assert.equal(await page.text(), "<!doctype html><p>hello</p>");

    const wasm = await fetch(`${site.url}static/k.wasm`);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()), new Uint8Array([0, 97, 115, 109]));

    for (const path of ["missing.js", "static", `%2e%2e/${secret}`]) {
      const r = await fetch(`${site.url}${path}`);
      assert.equal(r.status, 404, path);
      await r.body?.cancel();
    }
    // fetch() sets Host itself: a raw request carries the rebound name.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(site.url).port) });
    await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"));
    const rebound = await new Response(conn.readable).text();
    assert.match(rebound, /^HTTP\/1\.1 421 /);
    assert.match(rebound, /does not answer to the host "evil\.example"/);
    const post = await fetch(site.url, { method: "POST", body: "x" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await site.close();
    await Deno.remove(join(dir, "..", secret));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("displaySite refuses a folder without a site and a port out of range", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      displaySite(dir),
      (e: Error) => e instanceof Deno.errors.NotFound && /no index\.html/.test(e.message),
    );
    await assert.rejects(displaySite(dir, { port: 70000 }), /`port` must be an integer in 0–65535: received 70000/);
  } finally {
    await Deno.remove(dir);
  }
});
