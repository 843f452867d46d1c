/// <reference lib="dom" />
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium, type Frame, type Page } from "playwright-core";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { displaySite } from "$lib/site/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";
import { CHROMIUM, CHROMIUM_ARGS, fakeMicrophoneArgs, haveChromium } from "./support/chromium.ts";
import { serveStatic } from "./support/static_site.ts";

/** Real-speech fixture clips in the containers a browser decodes. */
const CLIPS = [
  fixture("audio", "speech_22050_s16.wav"),
  fixture("audio", "speech_16000_s16.wav"),
  fixture("audio", "speech_44100_s16.wav"),
  fixture("audio", "speech_48000_s32.wav"),
  fixture("audio", "speech_24414_s16.wav"),
  fixture("audio", "stereo_44100_s24.wav"),
  fixture("formats", "speech_44100_s16.flac"),
  fixture("formats", "speech_44100.mp3"),
  fixture("formats", "speech_16000.ogg"),
  fixture("formats", "speech_48000.opus"),
];

/** Start the microphone in a page or frame and wait until its live label is something other than silence. */
async function micUntilLabel(on: Page | Frame): Promise<void> {
  await on.click("#mic");
  await on.waitForFunction(
    () => {
      const c = document.getElementById("current")!;
      return c.dataset.label && c.dataset.label !== "silence";
    },
    null,
    { timeout: 60000 },
  );
}

Deno.test({
  name:
    "the on-device site, built and served by python3 -m http.server, predicts in Chromium as ./ser predict does, and sends nothing",
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const run = await trainSmallDemoRun({ limit: 240, epochs: 8, modes: ["global", "enrolled"] });
    const site = join(run.tmp, "site");
    const built = await runCli("site.ts", ["--artifacts", run.artifacts, "--out", site]);
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, /wrote the on-device site .* MB \([\d.]+ MB gzipped\)/);
    const served = await serveStatic(site);
    const voice = join(run.tmp, "voice.wav");
    await writeDemoRecording(voice, { sampleRate: 48000, seed: 5, script: [{ emotion: "angry", seconds: 20 }] });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        ...fakeMicrophoneArgs(voice),
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      const requests: string[] = [];
      let loaded = false;
      page.on("request", (r) => loaded && requests.push(r.url()));
      const t0 = performance.now();
      let labels: Record<string, string | null> = {};
      await t.step("the page loads from the static host, with the model, and says it is on-device", async () => {
        await page.goto(served.url, { waitUntil: "load" });
        await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 60000 });
        loaded = true;
        console.log(`site: loaded and ready in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
        assert.deepEqual(errors, []);
        assert.match(await page.textContent("#footer") ?? "", /no audio and no result leaves this device/);
        assert.match(
          await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content") ?? "",
          /connect-src 'self'/,
        );
      });
      await t.step("files picked through the input get ./ser predict's labels (at least 9 of 10)", async () => {
        const started = performance.now();
        await page.setInputFiles("#files", CLIPS);
        await page.waitForFunction(
          (n) => document.querySelectorAll("#results li[data-file][data-label], #results li[data-error]").length === n,
          CLIPS.length,
          { timeout: 60000 },
        );
        const perClip = (performance.now() - started) / CLIPS.length;
        const got = await page.$$eval("#results li[data-file]", (lis) =>
          lis.map((li) => ({
            file: (li as HTMLElement).dataset.file!,
            label: (li as HTMLElement).dataset.label ?? null,
            probabilities: JSON.parse((li as HTMLElement).dataset.probabilities ?? "null"),
          })));
        const cli = JSON.parse(
          (await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", ...CLIPS])).stdout,
        );
        labels = Object.fromEntries(got.map((g) => [g.file, g.label]));
        let same = 0, gap = 0;
        for (const c of cli as { file: string; emotion: string; probabilities: Record<string, number> }[]) {
          const r = got.find((g) => c.file.endsWith(`/${g.file}`))!;
          if (r.label === c.emotion) same++;
          else console.log(`site: ${r.file}: ${r.label} on the page, ${c.emotion} from ./ser predict`);
          for (const k of Object.keys(c.probabilities)) {
            gap = Math.max(gap, Math.abs((r.probabilities?.[k] ?? 0) - c.probabilities[k]));
          }
        }
        console.log(
          `site: ${same}/${CLIPS.length} labels as ./ser predict, largest probability gap ${gap.toFixed(3)}, ${
            perClip.toFixed(0)
          } ms per clip`,
        );
        assert.ok(same >= 9, `${same} of ${CLIPS.length} labels agree`);
      });
      await t.step("the microphone runs on-device: windows on the timeline, a label shown", async () => {
        await micUntilLabel(page);
        assert.ok(await page.locator("#timeline rect").count() > 0);
        await page.click("#mic");
      });
      await t.step("calibration works on-device too", async () => {
        await page.click("#calibrate");
        await page.waitForFunction(() => document.getElementById("calibration")!.dataset.state === "enrolled", null, {
          timeout: 60000,
        });
      });
      await t.step("no request left the page after it loaded", () => {
        assert.deepEqual(requests, []);
        assert.deepEqual(errors, []);
      });
      await t.step(
        "in a notebook's output cell (displaySite's iframe): the same labels, and the microphone",
        async () => {
          const shown = await displaySite(site);
          // The notebook page as Jupyter serves it: another loopback origin (localhost, another port) with the cell's
          // output HTML in it. (A page from setContent is about:blank, where the iframe gets no microphone.)
          const jupyter = Deno.serve(
            { hostname: "127.0.0.1", port: 0, onListen: () => {} },
            () =>
              new Response(`<!doctype html><div class="output_html">${shown.html}</div>`, {
                headers: { "content-type": "text/html; charset=utf-8" },
              }),
          );
          const cell = await browser.newPage();
          const outside: string[] = [];
          const notebook = `http://localhost:${jupyter.addr.port}/notebooks/05_prediction.ipynb`;
          cell.on("request", (r) => r.url() !== notebook && !r.url().startsWith(shown.url) && outside.push(r.url()));
          cell.on("pageerror", (e) => errors.push(String(e)));
          try {
            await cell.goto(notebook);
            const frame = await (await cell.waitForSelector("iframe")).contentFrame();
            assert.ok(frame);
            await frame.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 60000 });
            const some = CLIPS.slice(0, 4);
            await frame.setInputFiles("#files", some);
            await frame.waitForFunction(
              (n) => document.querySelectorAll("#results li[data-file][data-label]").length === n,
              some.length,
              { timeout: 60000 },
            );
            const inCell = await frame.$$eval("#results li[data-file]", (lis) =>
              Object.fromEntries(
                lis.map((li) => [(li as HTMLElement).dataset.file!, (li as HTMLElement).dataset.label]),
              ));
            for (const [file, label] of Object.entries(inCell)) {
              assert.equal(label, labels[file], file);
            }
            await micUntilLabel(frame);
            await frame.click("#mic");
            assert.deepEqual(outside, []);
            assert.deepEqual(errors, []);
          } finally {
            await cell.close();
            await shown.close();
            await jupyter.shutdown();
          }
        },
      );
    } finally {
      await browser.close();
      await served.stop();
      await Deno.remove(run.tmp, { recursive: true });
    }
  },
});
