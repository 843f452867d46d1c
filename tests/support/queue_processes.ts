/**
 * A real `redis-server` on a free loopback port (no persistence, a password) and real `./ser worker` processes on it,
 * for the queue's tests and the bench.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "./run_cli.ts";

/** True when Debian's `redis-server` is installed. */
export async function haveRedis(): Promise<boolean> {
  try {
    return (await new Deno.Command("redis-server", { args: ["--version"], stdout: "null" }).output()).success;
  } catch {
    return false;
  }
}

/** A free TCP port on loopback. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A running Redis. */
export interface RedisProcess {
  /** `redis://:PASSWORD@127.0.0.1:PORT/0` (`rediss://` with TLS). */
  url: string;
  password: string;
  port: number;
  /** With TLS: the path of its self-signed certificate (the CA a client must trust). */
  caFile?: string;
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 made with `openssl` (null when openssl is not installed). */
async function selfSigned(dir: string): Promise<{ cert: string; key: string } | null> {
  const cert = join(dir, "cert.pem"), key = join(dir, "key.pem");
  const r = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => null);
  return r?.success ? { cert, key } : null;
}

/**
 * Start `redis-server` on loopback with a password, no snapshots and no append-only file.
 *
 * @throws {Error} If it does not answer within 10 s.
 */
export async function startRedis(
  password = "s3cret-Queue-pa55",
  options: { tls?: boolean } = {},
): Promise<RedisProcess> {
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "redis-" });
  const tls = options.tls ? await selfSigned(dir) : null;
  if (options.tls && !tls) throw new Error("openssl is needed to make the test certificate");
  const listen = tls
    ? [
      "--port",
      "0",
      "--tls-port",
      `${port}`,
      "--tls-cert-file",
      tls.cert,
      "--tls-key-file",
      tls.key,
      "--tls-auth-clients",
      "no",
    ]
    : ["--port", `${port}`];
  const child = new Deno.Command("redis-server", {
    args: [...listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password],
    cwd: dir,
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      c.close();
      break;
    } catch {
      if (i === 99) throw new Error(`redis-server did not listen on ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `${tls ? "rediss" : "redis"}://:${password}@127.0.0.1:${port}/0`,
    password,
    port,
    ...(tls ? { caFile: tls.cert } : {}),
    async stop() {
      child.kill("SIGKILL");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A running `./ser worker`. */
export interface WorkerProcess {
  pid: number;
  /** Everything it has logged so far. */
  log(): string;
  /** Resolves once the log from character `from` matches; rejects if it exits first or after `timeoutMs` (30 s). */
  waitForLog(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** Send a signal; resolves with the exit status once its log is drained. */
  kill(signal: Deno.Signal): Promise<Deno.CommandStatus>;
}

/**
 * Start `cli/worker.ts --queue url` with extra `args`; resolves once it is taking jobs.
 *
 * @param options.password Given as `SER_QUEUE_PASSWORD` (with a URL that has none), as a deployment would.
 */
export async function startWorkerProcess(
  url: string,
  args: readonly string[] = [],
  options: { password?: string; env?: Record<string, string> } = {},
): Promise<WorkerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(ROOT, "deno.json"), join(ROOT, "cli", "worker.ts"), "--queue", url, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...(options.password ? { SER_QUEUE_PASSWORD: options.password } : {}), ...options.env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "", ended = false;
  const waiters = new Set<() => void>();
  const drained = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      log += chunk;
      for (const w of waiters) w();
    }
    ended = true;
    for (const w of waiters) w();
  })();
  const waitForLog = (pattern: RegExp, o: { from?: number; timeoutMs?: number } = {}) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(log.slice(o.from ?? 0))) done(resolve);
        else if (ended) done(() => reject(new Error(`worker exited before ${pattern}:\n${log.slice(-2000)}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} in the worker's log:\n${log}`))),
        o.timeoutMs ?? 30_000,
      );
      const done = (f: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });
  await waitForLog(/at a time on/);
  return {
    pid: child.pid,
    log: () => log,
    waitForLog,
    async kill(signal) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      const status = await child.status;
      await drained;
      return status;
    },
  };
}
