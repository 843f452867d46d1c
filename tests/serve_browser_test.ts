/// <reference lib="dom" />
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { startServer } from "$lib/serve/mod.ts";
import { fixture } from "./_fixtures.ts";
import { ROOT, trainSmallDemoRun } from "./_run.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "./_browser.ts";

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

Deno.test({
  name:
    "the page in real Chromium: loads clean, predicts a dropped file, streams the (fake) microphone, and says what is wrong",
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const run = await trainSmallDemoRun({ limit: 160, epochs: 4 });
    const server = await startServer({ artifactsDir: run.artifacts, port: 0, log: () => {} });
    await server.ready;
    const voice = join(run.tmp, "voice.wav");
    await writeDemoRecording(voice, { seconds: 20, sampleRate: 48000, seed: 3 });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-audio-capture=${voice}`,
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
      const errors = watchErrors(page);
      // Subscribing enables Playwright's file-chooser interception, which is set up asynchronously; doing it now, not
      // just before the key press, keeps the press from reaching Chromium before interception is on.
      page.on("filechooser", () => {});
      await t.step("the page loads with no console errors and says the model is ready", async () => {
        await page.goto(server.url, { waitUntil: "load" });
        await page.waitForFunction(() => /Model ready/.test(document.getElementById("status")!.textContent ?? ""));
        assert.deepEqual(errors, []);
        assert.equal(await page.locator("#legend li").count(), run.summary.classes.length);
      });
      await t.step("a file picked through the input gets its result and probability bars", async () => {
        await page.setInputFiles("#files", fixture("formats", "speech_44100_s16.flac"));
        await page.waitForSelector("#results li .bar", { timeout: 20000 });
        const text = await page.textContent("#results li p");
        assert.match(text ?? "", /speech_44100_s16\.flac: \w+ \(\d+ %\)/);
        assert.equal(await page.locator("#results li .bar").count(), run.summary.classes.length);
      });
      await t.step("the drop zone is keyboard operable: Enter opens the file chooser", async () => {
        await page.focus("#drop");
        const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Enter")]);
        await chooser.setFiles(fixture("formats", "speech_16000.ogg"));
        await page.waitForFunction(() =>
          document.querySelectorAll("#results li .bar").length >= 2 * 8 ||
          [...document.querySelectorAll("#results li p")].some((p) =>
            /speech_16000\.ogg: \w+ \(/.test(p.textContent ?? "")
          )
        );
      });
      await t.step("the microphone streams: the level moves, the timeline receives predictions", async () => {
        await page.click("#mic");
        await page.waitForFunction(() => document.getElementById("mic")!.getAttribute("aria-pressed") === "true");
        await page.waitForFunction(() => document.querySelectorAll("#timeline rect").length > 0, null, {
          timeout: 30000,
        });
        await page.waitForFunction(
          () => !["—", "silence"].includes(document.getElementById("current")!.textContent ?? ""),
          null,
          {
            timeout: 30000,
          },
        );
        const current = await page.textContent("#current");
        assert.ok(run.summary.classes.includes(current ?? ""), `current emotion "${current}"`);
        assert.ok(Number(await page.getAttribute(".meter", "aria-valuenow")) >= 0);
        await Deno.mkdir(join(ROOT, "outputs"), { recursive: true });
        await page.screenshot({ path: join(ROOT, "outputs", "serve_page.png"), fullPage: true });
        await page.click("#mic");
        assert.equal(await page.getAttribute("#mic", "aria-pressed"), "false");
        assert.deepEqual(errors, []);
      });
      await t.step("server unreachable: the page says so", async () => {
        await server.shutdown();
        await page.setInputFiles("#files", fixture("audio", "speech_16000_s16.wav"));
        await page.waitForFunction(() => /unreachable/.test(document.getElementById("file-error")!.textContent ?? ""));
      });
    } finally {
      await browser.close();
    }

    await t.step("microphone permission denied, and no model loaded: the page says so", async () => {
      const missing = await startServer({ artifactsDir: join(run.tmp, "no-such-artifacts"), port: 0, log: () => {} });
      await missing.ready;
      const plain = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
      try {
        const context = await plain.newContext();
        await context.grantPermissions([]);
        const page = await context.newPage();
        await page.goto(missing.url, { waitUntil: "load" });
        await page.waitForFunction(() => /no model loaded/.test(document.getElementById("status")!.textContent ?? ""));
        await page.click("#mic");
        await page.waitForFunction(() => !document.getElementById("mic-error")!.hidden, null, { timeout: 15000 });
        assert.match(await page.textContent("#mic-error") ?? "", /permission was denied|could not be opened/);
      } finally {
        await plain.close();
        await missing.shutdown();
      }
    });
    await Deno.remove(run.tmp, { recursive: true });
  },
});
