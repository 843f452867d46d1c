import assert from "node:assert/strict";
import { parseQueueUrl, QueueUrlError, redactUrl } from "./queue_url.ts";

Deno.test("parseQueueUrl() reads host, port, database, credentials and TLS", async (t) => {
  await t.step("defaults: port 6379, database 0, no credentials, no TLS", () => {
    assert.deepEqual(parseQueueUrl("redis://127.0.0.1"), {
      host: "127.0.0.1",
      port: 6379,
      db: 0,
      redacted: "redis://127.0.0.1",
    });
  });
  await t.step("a password alone, a user and a password, a database; the password never in `redacted`", () => {
    const a = parseQueueUrl("redis://:s3cret@10.0.0.5:6380/2");
    assert.deepEqual([a.host, a.port, a.db, a.username, a.password], ["10.0.0.5", 6380, 2, undefined, "s3cret"]);
    assert.deepEqual(a.redacted, "redis://:***@10.0.0.5:6380/2");
    const b = parseQueueUrl("rediss://ops:p%40ss@redis.lab/1");
    assert.deepEqual([b.username, b.password, b.tls], ["ops", "p@ss", { servername: "redis.lab" }]);
    assert.deepEqual(b.redacted, "rediss://ops:***@redis.lab/1");
  });
  await t.step("the password may come from the caller (SER_QUEUE_PASSWORD) when the URL has none", () => {
    assert.equal(parseQueueUrl("redis://h", { password: "pw" }).password, "pw");
    assert.equal(parseQueueUrl("redis://:url@h", { password: "pw" }).password, "url");
    assert.equal(parseQueueUrl("redis://h", { password: "pw" }).redacted, "redis://h");
  });
  await t.step("rediss:// to an IP address sends no server name; a private CA is passed on", () => {
    assert.deepEqual(parseQueueUrl("rediss://127.0.0.1:6380", { ca: "PEM" }).tls, { ca: ["PEM"] });
  });
  await t.step("IPv6 hosts lose their brackets", () => {
    assert.deepEqual(parseQueueUrl("redis://[::1]:6379").host, "::1");
  });
  await t.step("bad URLs are refused by name, redacted", () => {
    assert.throws(() => parseQueueUrl("http://:pw@host"), {
      name: "QueueUrlError",
      message: '--queue http://:***@host: scheme "http"; expected redis:// or rediss://',
    });
    assert.throws(
      () => parseQueueUrl("redis://host/16"),
      (e) => e instanceof QueueUrlError && e.message.includes('database "16"'),
    );
    assert.throws(
      () => parseQueueUrl("redis://host/x"),
      (e) => e instanceof QueueUrlError && e.message.includes('database "x"'),
    );
    assert.throws(
      () => parseQueueUrl("not a url :pw@"),
      (e) => e instanceof QueueUrlError && e.message.includes("not a URL"),
    );
  });
  await t.step("redactUrl() leaves URLs without credentials alone", () => {
    assert.deepEqual(redactUrl("redis://h:1/0"), "redis://h:1/0");
    assert.deepEqual(redactUrl("redis://token@h"), "redis://***@h");
  });
});
