/// <reference lib="dom" />
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { startServer } from "$lib/serve/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { ROOT, runCli, trainSmallDemoRun } from "./support/run_cli.ts";
import { CHROMIUM, CHROMIUM_ARGS, fakeMicrophoneArgs, haveChromium } from "./support/chromium.ts";

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** The page's file results as the DOM carries them. */
const results = (page: Page) =>
  page.$$eval("#results li[data-file]", (lis) =>
    lis.map((li) => ({
      file: (li as HTMLElement).dataset.file!,
      label: (li as HTMLElement).dataset.label ?? null,
      mode: (li as HTMLElement).dataset.mode ?? null,
      probabilities: JSON.parse((li as HTMLElement).dataset.probabilities ?? "null"),
      error: (li as HTMLElement).dataset.error ?? null,
    })));

Deno.test({
  name:
    "the page in real Chromium: browser uploads, calibration to a (fake) microphone voice, then an angry stretch labelled in the enrolled mode",
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const run = await trainSmallDemoRun({ limit: 400, epochs: 12, modes: ["global", "enrolled"] });
    const server = await startServer({ artifactsDir: run.artifacts, port: 0, log: () => {} });
    await server.ready;
    // One synthetic speaker: 16 s of neutral speech (for the calibration), then 30 s of anger.
    const voice = join(run.tmp, "voice.wav");
    await writeDemoRecording(voice, {
      sampleRate: 48000,
      seed: 3,
      script: [{ emotion: "neutral", seconds: 16 }, { emotion: "angry", seconds: 30 }],
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        ...fakeMicrophoneArgs(voice),
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1500 } });
      const errors = watchErrors(page);
      page.on("filechooser", () => {}); // interception on before any key press (see below)
      await t.step("the page loads clean, says the model is ready and that it is synthetic", async () => {
        await page.goto(server.url, { waitUntil: "load" });
        await page.waitForFunction(() => document.body.dataset.ready === "true");
        assert.deepEqual(errors, []);
        assert.equal(
          await page.locator("#legend li").count(),
          run.summary.classes.length + 1,
          "the classes and silence",
        );
        assert.match(await page.textContent("#synthetic") ?? "", /SYNTHETIC demo corpus.*train on real recordings/);
      });
      await t.step(
        "files picked through the input go up as Chromium's own FormData and match ./ser predict",
        async () => {
          const files = [fixture("formats", "speech_44100_s16.flac"), fixture("audio", "speech_16000_s16.wav")];
          await page.setInputFiles("#files", files);
          await page.waitForFunction(() => document.querySelectorAll("#results li[data-label]").length === 2, null, {
            timeout: 30000,
          });
          const got = await results(page);
          const cli = JSON.parse(
            (await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", ...files])).stdout,
          ) as { file: string; emotion: string; probabilities: Record<string, number> }[];
          for (const c of cli) {
            const r = got.find((g) => c.file.endsWith(g.file))!;
            assert.equal(r.label, c.emotion, r.file);
            assert.equal(r.mode, "global");
            assert.deepEqual(Object.keys(r.probabilities), Object.keys(c.probabilities));
            for (const k of Object.keys(c.probabilities)) {
              assert.ok(Math.abs(r.probabilities[k] - c.probabilities[k]) < 1e-6);
            }
          }
        },
      );
      await t.step("the drop zone is keyboard operable: Enter opens the file chooser", async () => {
        await page.focus("#drop");
        const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Enter")]);
        await chooser.setFiles(fixture("formats", "speech_16000.ogg"));
        await page.waitForFunction(() =>
          document.querySelector('#results li[data-file="speech_16000.ogg"][data-label]')
        );
      });
      await t.step("calibration listens until ~10 s of voiced speech are in, then the page is enrolled", async () => {
        await page.click("#calibrate");
        await page.waitForFunction(() => !document.getElementById("passage")!.hidden);
        await page.waitForFunction(() => document.getElementById("calibration")!.dataset.state === "enrolled", null, {
          timeout: 60000,
        });
        assert.match(await page.textContent("#calibration") ?? "", /calibrated to your voice \(\d+\.\d s\)/);
        assert.equal(await page.isHidden("#clear-calibration"), false);
      });
      await t.step(
        "live: the angry stretch is labelled angry, in the enrolled mode, on a timeline with a time axis",
        async () => {
          await page.click("#mic");
          await page.waitForFunction(
            () => {
              const c = document.getElementById("current")!;
              return c.dataset.label === "angry" && c.dataset.mode === "enrolled";
            },
            null,
            { timeout: 90000 },
          );
          assert.equal(await page.textContent("#mode-badge"), "enrolled");
          assert.ok(
            Number(await page.getAttribute(".meter[role=meter]", "aria-valuenow")) <= 0,
            "the level is in dBFS",
          );
          assert.match(await page.textContent("#level-text") ?? "", /-?\d+ dBFS/);
          assert.ok(await page.locator("#timeline text").count() >= 1, "time axis labels");
          await Deno.mkdir(join(ROOT, "outputs"), { recursive: true });
          await page.screenshot({ path: join(ROOT, "outputs", "serve_page.png"), fullPage: true });
          await page.click("#mic");
          assert.equal(await page.getAttribute("#mic", "aria-pressed"), "false");
          assert.deepEqual(errors, []);
        },
      );
      await t.step("a file after calibration is predicted in the enrolled mode", async () => {
        await page.setInputFiles("#files", fixture("audio", "speech_22050_s16.wav"));
        await page.waitForFunction(() =>
          document.querySelector('#results li[data-file="speech_22050_s16.wav"][data-mode]')
        );
        const r = (await results(page)).find((x) => x.file === "speech_22050_s16.wav")!;
        assert.equal(r.mode, "enrolled");
      });
      await t.step("server unreachable: the page says so", async () => {
        await server.shutdown();
        await page.setInputFiles("#files", fixture("audio", "speech_16000_s16.wav"));
        await page.waitForFunction(() =>
          /could not be predicted/.test(document.getElementById("file-error")!.textContent ?? "")
        );
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
        const status = await page.textContent("#status") ?? "";
        assert.doesNotMatch(status, /no-such-artifacts/, "no server path in what the page shows");
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
