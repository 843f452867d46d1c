/**
 * A folder served as a static website on loopback by `python3 -m http.server` (as a user would host the on-device
 * site), for tests and the bench.
 *
 * @module
 */

/** A running static server. */
export interface StaticSite {
  /** Its address, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** SIGTERM, and wait for the process to end. */
  stop(): Promise<void>;
}

/**
 * Serve `dir` on a free loopback port; resolves once `/` answers (or after 5 s of trying).
 *
 * @example
 * const site = await serveStatic("out/site");
 * try { await page.goto(site.url); } finally { await site.stop(); }
 */
export async function serveStatic(dir: string): Promise<StaticSite> {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 }), port = (l.addr as Deno.NetAddr).port;
  l.close();
  const http = new Deno.Command("/usr/bin/python3", {
    args: ["-m", "http.server", "--bind", "127.0.0.1", String(port), "-d", dir],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    if (await fetch(url).then((r) => (r.body?.cancel(), r.ok), () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      http.kill("SIGTERM");
      await http.status;
    },
  };
}
