/// <reference lib="dom" />
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { fixture } from "./support/fixtures.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";
import { startServeProcess } from "./support/serve_process.ts";
import { serveStatic } from "./support/static_site.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "./support/chromium.ts";

/** Real-speech fixture clips in containers both the server and a browser decode. */
const CLIPS = [
  fixture("audio", "speech_22050_s16.wav"),
  fixture("audio", "speech_16000_s16.wav"),
  fixture("audio", "speech_44100_s16.wav"),
  fixture("audio", "speech_48000_s32.wav"),
  fixture("formats", "speech_44100_s16.flac"),
  fixture("formats", "speech_44100.mp3"),
];

type Row = { file: string; emotion: string; probabilities: Record<string, number> };

/** The on-device site built from `artifacts`, served on loopback, given the clips: its label and probabilities per clip. */
async function siteResults(
  artifacts: string,
  dir: string,
): Promise<{ file: string; label: string; probabilities: Record<string, number> }[]> {
  const site = join(dir, "site");
  const built = await runCli("site.ts", ["--artifacts", artifacts, "--out", site]);
  assert.equal(built.code, 0, built.stderr);
  const served = await serveStatic(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage(), errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(served.url, { waitUntil: "load" });
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 60000 });
    await page.setInputFiles("#files", CLIPS);
    await page.waitForFunction(
      (n) => document.querySelectorAll("#results li[data-file][data-label], #results li[data-error]").length === n,
      CLIPS.length,
      { timeout: 60000 },
    );
    assert.deepEqual(errors, []);
    return await page.$$eval("#results li[data-file]", (lis) =>
      lis.map((li) => ({
        file: (li as HTMLElement).dataset.file!,
        label: (li as HTMLElement).dataset.label!,
        probabilities: JSON.parse((li as HTMLElement).dataset.probabilities ?? "null"),
      })));
  } finally {
    await browser.close();
    await served.stop();
  }
}

for (const family of ["forest", "svm", "knn"]) {
  Deno.test({
    name: `${family}: saved artifacts predict through ./ser predict, the server and the on-device site alike`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const run = await trainSmallDemoRun({ limit: 120, epochs: 1, model: family, modes: ["global"] });
      const cli = await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", ...CLIPS]);
      assert.equal(cli.code, 0, cli.stderr);
      const expected = JSON.parse(cli.stdout) as Row[];
      assert.equal(expected.length, CLIPS.length);
      await t.step("POST /v1/predict gives predict's label and probabilities", async () => {
        const server = await startServeProcess(["--artifacts", run.artifacts]);
        try {
          for (const [i, f] of CLIPS.entries()) {
            const r = await fetch(`${server.url}v1/predict`, {
              method: "POST",
              body: await Deno.readFile(f),
              headers: { "content-type": "application/octet-stream" },
            });
            assert.equal(r.status, 200);
            const body = await r.json();
            assert.equal(body.emotion, expected[i].emotion, f);
            assert.deepEqual(body.probabilities, expected[i].probabilities, f);
          }
        } finally {
          await server.stop();
        }
      });
      await t.step({
        name: "the on-device site in Chromium gives predict's labels (probabilities within 0.05)",
        ignore: !haveChromium && Deno.env.get("CI") !== "true",
        async fn() {
          const got = await siteResults(run.artifacts, run.tmp);
          let gap = 0;
          for (const c of expected) {
            const r = got.find((g) => c.file.endsWith(`/${g.file}`))!;
            assert.equal(r.label, c.emotion, c.file);
            for (const k of Object.keys(c.probabilities)) {
              gap = Math.max(gap, Math.abs(r.probabilities[k] - c.probabilities[k]));
            }
          }
          console.log(
            `${family}: site vs predict, largest probability gap ${gap.toExponential(2)} over ${got.length} clips`,
          );
          assert.ok(gap < 0.05, `largest probability gap ${gap}`);
        },
      });
    },
  });
}
