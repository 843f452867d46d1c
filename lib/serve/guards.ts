/**
 * Who may talk to the server: the `Host` header must name it (its bind address, `localhost`, the loopback addresses,
 * or a name given with `--allow-host`), else 421 — a DNS-rebinding page cannot read the API; and a browser request
 * from another origin (its `Origin` header) is refused with 403 unless `--cors`/`--allow-origin` names that origin.
 * Requests without an `Origin` (curl, scripts) are not browsers' and pass.
 *
 * @module
 */
import { HttpError } from "./_http.ts";

/** What the server accepts. */
export interface AccessPolicy {
  /** Host names (lower case, no port) the `Host` header may carry. */
  hosts: ReadonlySet<string>;
  /** The other origin allowed (`*` for any), or null. */
  cors: string | null;
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "::1"];

/**
 * The policy for a server bound to `bindHost`.
 *
 * @example
 * accessPolicy("127.0.0.1", { allowHosts: ["ser.lan"] }).hosts.has("ser.lan"); // true
 */
export function accessPolicy(
  bindHost: string,
  options: { allowHosts?: readonly string[]; cors?: string | null } = {},
): AccessPolicy {
  const wildcard = bindHost === "0.0.0.0" || bindHost === "::" || bindHost === "[::]";
  const hosts = new Set([...LOOPBACK, ...(wildcard ? [] : [bindHost.toLowerCase()]), ...(options.allowHosts ?? [])]);
  return { hosts: new Set([...hosts].map((h) => h.toLowerCase())), cors: options.cors ?? null };
}

/** The host name of a `Host` header value (without the port; IPv6 in brackets). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.replace(/:\d+$/, "");
}

/**
 * Refuse a request whose `Host` does not name the server (421) or whose `Origin` is another site's (403).
 *
 * @throws {HttpError} 421 `misdirected`, 403 `forbidden_origin`.
 */
export function checkAccess(req: Request, policy: AccessPolicy): void {
  const host = req.headers.get("host");
  if (!host || !policy.hosts.has(hostName(host))) {
    throw new HttpError(
      421,
      "misdirected",
      `this server does not answer to the host ${JSON.stringify(host ?? "")}: use its address or localhost ` +
        "(the operator can allow a name with --allow-host)",
    );
  }
  const origin = req.headers.get("origin");
  if (origin === null) return;
  if (origin === `http://${host}` || origin === `https://${host}`) return;
  if (policy.cors === "*" || origin === policy.cors) return;
  throw new HttpError(
    403,
    "forbidden_origin",
    `requests from the origin ${JSON.stringify(origin)} are not allowed (the operator can allow it with --cors)`,
  );
}

/** CORS headers for an allowed other origin (none for same-origin requests or when CORS is off). */
export function corsHeaders(req: Request, policy: AccessPolicy): Record<string, string> {
  const origin = req.headers.get("origin");
  if (!policy.cors || !origin) return {};
  if (policy.cors !== "*" && origin !== policy.cors) return {};
  return { "access-control-allow-origin": policy.cors, vary: "origin" };
}
