/**
 * A real `./ser serve` process for tests and the bench: started on a free loopback port, its log drained for the
 * whole run (a full pipe would stall the server) and kept, ready once `/readyz` says the model is loaded.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "./run_cli.ts";

/** A running server process. */
export interface ServeProcess {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  pid: number;
  /** Everything the server has logged so far (stderr). */
  log(): string;
  /**
   * Resolves once the log from character `from` on matches `pattern`; rejects if the server exits first or `timeoutMs`
   * pass (default 30,000).
   */
  waitForLog(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** SIGTERM, then its exit code once the log is drained. */
  stop(): Promise<number>;
}

/**
 * Start `cli/serve.ts` with `args` (e.g. `["--artifacts", dir]`; `--port 0` is added).
 *
 * @throws {Error} If the server exits before listening, with the end of its log.
 * @example
 * const server = await startServeProcess(["--artifacts", run.artifacts]);
 * try { await fetch(`${server.url}healthz`); } finally { await server.stop(); }
 */
export async function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(ROOT, "deno.json"), join(ROOT, "cli", "serve.ts"), ...args, "--port", "0"],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "", ended = false, resolveUrl!: (u: string) => void, rejectUrl!: (e: Error) => void;
  const waiters = new Set<() => void>();
  const listening = new Promise<string>((res, rej) => ((resolveUrl = res), (rejectUrl = rej)));
  const drained = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      log += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
      if (m) resolveUrl(m[1]);
      for (const w of waiters) w();
    }
    ended = true;
    for (const w of waiters) w();
    rejectUrl(new Error(`serve exited before listening: ${log.trim().split("\n").slice(-5).join(" | ")}`));
  })();
  const url = await listening;
  for (let i = 0; i < 600; i++) {
    const r = await fetch(`${url}readyz`).catch(() => null);
    const ok = r?.status === 200;
    await r?.body?.cancel();
    if (ok) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    log: () => log,
    waitForLog(pattern, o = {}) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => done(`no log line matching ${pattern} in ${o.timeoutMs ?? 30000} ms`),
          o.timeoutMs ?? 30000,
        );
        const done = (failure?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          failure ? reject(new Error(`${failure}: ${log.slice(-500)}`)) : resolve();
        };
        const check = () => {
          if (pattern.test(log.slice(o.from ?? 0))) done();
          else if (ended) done(`serve exited with no log line matching ${pattern}`);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already exited */ }
      const { code } = await child.status;
      await drained;
      return code;
    },
  };
}
