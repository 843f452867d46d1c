/**
 * The queue's address: `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS), parsed into connection
 * options, and a form of it that is safe to print (the password replaced by `***`).
 *
 * @module
 */

/** A queue URL that cannot be used; the message never contains the password. */
export class QueueUrlError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "QueueUrlError";
  }
}

/** What may come from outside the URL: the password, and PEM authorities to trust for TLS. */
export interface QueueSecrets {
  password?: string;
  ca?: string;
}

/** Connection options for ioredis, and the URL as it may be shown. */
export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** Present for `rediss://`: TLS with the system's certificate authorities (or `ca`); `servername` for SNI. */
  tls?: { servername?: string; ca?: string[] };
  /** The URL with any password replaced by `***`: the only form that goes to logs and outputs. */
  redacted: string;
}

/**
 * Parse a queue URL.
 *
 * @param url `redis://HOST:PORT[/DB]`, with an optional `:password@` or `user:password@`; `rediss://` for TLS.
 *   The port defaults to 6379, the database to 0.
 * @param options.password The password when the URL has none (the CLI passes `SER_QUEUE_PASSWORD`, so that it never
 *   appears on a command line, where `ps` shows it to every user of the machine).
 * @param options.ca PEM certificate authorities to trust for `rediss://` (the CLI reads `SER_QUEUE_CA`, a file), for a
 *   Redis whose certificate a private CA signed.
 * @throws {QueueUrlError} If the scheme is not `redis`/`rediss`, the host is missing, or the port or database is not a
 *   number in range (the message shows the URL redacted).
 * @example
 * parseQueueUrl("redis://:s3cret@10.0.0.5:6379/2").redacted; // "redis://:***@10.0.0.5:6379/2"
 */
export function parseQueueUrl(url: string, options: QueueSecrets = {}): QueueAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError(`--queue ${redactUrl(url)}: not a URL; expected redis://HOST:PORT[/DB] or rediss://…`);
  }
  const redacted = redactUrl(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new QueueUrlError(`--queue ${redacted}: scheme "${u.protocol.slice(0, -1)}"; expected redis:// or rediss://`);
  }
  if (!u.hostname) throw new QueueUrlError(`--queue ${redacted}: no host; expected redis://HOST:PORT[/DB]`);
  const port = u.port ? Number(u.port) : 6379;
  const path = u.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15 || !/^\d*$/.test(path)) {
    throw new QueueUrlError(`--queue ${redacted}: database "${path}"; expected a number from 0 to 15`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password
      ? { password: decodeURIComponent(u.password) }
      : options.password
      ? { password: options.password }
      : {}),
    ...(u.protocol === "rediss:" ? { tls: tlsOptions(host, options.ca) } : {}),
    redacted,
  };
}

/** TLS options: SNI for a host name (not for an IP address), and the extra authorities. */
function tlsOptions(host: string, ca?: string): NonNullable<QueueAddress["tls"]> {
  const ip = /^[\d.]+$/.test(host) || host.includes(":");
  return { ...(ip ? {} : { servername: host }), ...(ca ? { ca: [ca] } : {}) };
}

/**
 * A URL with its password (and anything that looks like one) replaced by `***`, for logs and messages.
 *
 * @example
 * redactUrl("rediss://ops:pw@redis.lab:6380/1"); // "rediss://ops:***@redis.lab:6380/1"
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)([^@/]*)@/i, (_, scheme: string, auth: string) => {
    const colon = auth.indexOf(":");
    return `${scheme}${colon < 0 ? "***" : `${auth.slice(0, colon)}:***`}@`;
  });
}
