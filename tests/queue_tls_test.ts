import assert from "node:assert/strict";
import { fixture } from "./support/fixtures.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";
import { startRedis, startWorkerProcess } from "./support/queue_processes.ts";

async function haveOpenssl(): Promise<boolean> {
  return await new Deno.Command("openssl", { args: ["version"], stdout: "null" }).output().then(
    (o) => o.success,
    () => false,
  );
}

Deno.test({
  name: "rediss://: a worker and predict over TLS, trusting a private CA from SER_QUEUE_CA, give the in-process rows",
  ignore: !await haveOpenssl(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const redis = await startRedis("tls-Pa55word", { tls: true });
    const run = await trainSmallDemoRun({ limit: 60, epochs: 1 });
    const env = { SER_QUEUE_CA: redis.caFile!, SER_QUEUE_PASSWORD: redis.password };
    const bare = redis.url.replace(/:[^:@/]*@/, "");
    const worker = await startWorkerProcess(bare, ["--concurrency", "1"], { env });
    try {
      const files = [fixture("audio", "speech_22050_s16.wav"), fixture("audio", "speech_16000_s16.wav"), run.data];
      const args = ["--artifacts", run.artifacts, "--format", "csv", ...files];
      const local = await runCli("predict.ts", args);
      const queued = await runCli("predict.ts", [...args, "--queue", bare], { env });
      assert.equal(queued.code, local.code, queued.stderr);
      assert.equal(queued.stdout, local.stdout);
      assert.match(queued.stderr, /queue rediss:\/\/127\.0\.0\.1:\d+\/0: 62 files/);
      // Without the CA, the certificate is refused: the queue cannot be reached, and says so without the password.
      const untrusted = await runCli("predict.ts", [...args, "--queue", redis.url], { env: { SER_QUEUE_CA: "" } });
      assert.equal(untrusted.code, 2);
      assert.match(untrusted.stderr, /the queue at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 cannot be reached/);
      assert.ok(!untrusted.stderr.includes(redis.password) && !worker.log().includes(redis.password));
    } finally {
      await worker.kill("SIGKILL");
      await redis.stop();
      await Deno.remove(run.tmp, { recursive: true });
    }
  },
});
