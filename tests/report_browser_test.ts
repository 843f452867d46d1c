import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { trainSmallDemoRun } from "./support/run_cli.ts";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "./support/chromium.ts";

Deno.test({
  name: "report.html loads in headless Chromium from a file with no console errors and every chart's SVG drawn",
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { tmp, outputs } = await trainSmallDemoRun({ limit: 120, epochs: 3 });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      const requests: string[] = [];
      page.on("request", (r) => !r.url().startsWith("file:") && requests.push(r.url()));
      await page.goto(`file://${join(outputs, "report.html")}`, { waitUntil: "load" });
      const charts = await page.$$eval("figure[data-chart]", (figs) =>
        figs.map((f) => {
          const svg = f.querySelector("svg")!;
          const box = svg.getBoundingClientRect();
          return {
            name: f.getAttribute("data-chart"),
            width: box.width,
            height: box.height,
            shapes: svg.querySelectorAll("rect, path, line, text").length,
          };
        }));
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [], "the report loads nothing from the network");
      assert.deepEqual(charts.map((c) => c.name), [
        "01_emotion_distribution",
        "02_dataset_distribution",
        "03_emotion_by_dataset_stacked",
        "04_emotion_dataset_heatmap",
        "05_emotion_by_dataset_grouped",
        "06_training_history",
        "07_confusion_matrix",
        "08_per_class_accuracy",
        "09_confusion_matrix_normalised",
        "10_precision_recall_f1",
        "11_test_set_distribution",
      ]);
      for (const c of charts) {
        assert.ok(c.width > 200 && c.height > 100 && c.shapes > 10, `${c.name}: ${JSON.stringify(c)}`);
      }
      assert.match(await page.textContent(".banner") ?? "", /SYNTHETIC DATA/);
      const shot = Deno.env.get("SER_REPORT_SCREENSHOT");
      if (shot) await page.screenshot({ path: shot, fullPage: true });
    } finally {
      await browser.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
