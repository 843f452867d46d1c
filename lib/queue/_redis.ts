/**
 * Private: the queue's names and connection settings, and content-addressed blobs (recordings, model bundles) kept in
 * Redis under `ser:blob:<sha256>` for workers that cannot read the submitter's files.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Redis, type RedisOptions } from "ioredis";
import type { QueueAddress } from "./queue_url.ts";

/** The BullMQ queue every job goes through, and the key prefix of everything this project keeps in Redis. */
export const QUEUE_NAME = "jobs";
export const PREFIX = "ser";
/** How long finished jobs (and their results) and blobs are kept: re-running a command within it reuses them. */
export const KEEP_SECONDS = 7 * 24 * 3600;

/** ioredis options for an address (BullMQ needs `maxRetriesPerRequest: null` for its blocking calls). */
export function connectionOptions(a: QueueAddress): RedisOptions {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    username: a.username,
    password: a.password,
    tls: a.tls,
    maxRetriesPerRequest: null,
    // Give up on a queue that is not there instead of retrying forever in silence.
    retryStrategy: (times: number) => (times > 20 ? null : Math.min(times * 200, 2000)),
  };
}

/** A Redis client (for blobs, and as the connection BullMQ's queue, events and worker are given). */
export function openRedis(a: QueueAddress): Redis {
  return new Redis(connectionOptions(a));
}

const blobKey = (sha256: string) => `${PREFIX}:blob:${sha256}`;

/** Store bytes under their SHA-256 unless they are there already (kept {@linkcode KEEP_SECONDS}). */
export async function putBlob(redis: Redis, sha256: string, bytes: Uint8Array): Promise<void> {
  const key = blobKey(sha256);
  if (await redis.exists(key)) {
    await redis.expire(key, KEEP_SECONDS);
    return;
  }
  await redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "EX", KEEP_SECONDS);
}

/** The bytes stored under a SHA-256, or null. */
export async function getBlob(redis: Redis, sha256: string): Promise<Uint8Array | null> {
  const b = await redis.getBuffer(blobKey(sha256));
  return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : null;
}

/** SHA-256 (hex) of bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}
