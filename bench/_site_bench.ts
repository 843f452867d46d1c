/// <reference lib="dom" />
/**
 * Private: the on-device site section of `deno task bench` — `./ser site` for the recommended model, served by
 * `python3 -m http.server` and driven in Chromium: the site's size, its load time, its time per clip through the file
 * input and per live window from the fake microphone, beside the server's (`POST /v1/predict` per clip, the live
 * stream per window), and how many of the page's labels equal `predict`'s on the same clips (40 real ones with
 * `--real`), with the largest probability difference.
 *
 * @module
 */
import { CHROMIUM, CHROMIUM_ARGS as ARGS, fakeMicrophoneArgs } from "../tests/support/chromium.ts";
import { serveStatic } from "../tests/support/static_site.ts";
import { basename, join } from "node:path";
import { chromium } from "playwright-core";
import { encodeWav, loadAudio } from "$lib/audio/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import { buildSite } from "$lib/site/mod.ts";
import { benchClips, type BenchContext, familyArtifacts, quantile, versus } from "./_measure.ts";
import { startChild } from "./_serve_bench.ts";

interface PageResult {
  file: string;
  label: string | null;
  probabilities: Record<string, number> | null;
  ms: number;
}

/** Copies of the clips under unique names (the page knows files by name). */
async function uniqueCopies(files: string[]): Promise<{ dir: string; files: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-site-clips-" });
  const out: string[] = [];
  for (const [i, f] of files.entries()) {
    const to = join(dir, `${String(i).padStart(2, "0")}_${basename(f)}`);
    await Deno.copyFile(f, to);
    out.push(to);
  }
  return { dir, files: out };
}

/** Median `POST /v1/predict` time per clip on a running server, one at a time. */
async function serverPerClip(base: string, files: string[]): Promise<number> {
  const t: number[] = [];
  for (const f of files) {
    const body = await Deno.readFile(f);
    const s = performance.now();
    const r = await fetch(`${base}v1/predict`, { method: "POST", body, headers: { "content-type": "audio/wav" } });
    await r.text();
    t.push(performance.now() - s);
  }
  return quantile(t, 0.5);
}

/** Load the page, predict the files through its input, then run the fake microphone for `micSeconds`. */
async function drivePage(url: string, files: string[], voice: string, micSeconds: number) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...ARGS,
      ...fakeMicrophoneArgs(voice),
    ],
  });
  try {
    const page = await browser.newPage();
    let loaded = false;
    const requests: string[] = [];
    page.on("request", (r) => loaded && requests.push(r.url()));
    const t0 = performance.now();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 120000 });
    const loadSeconds = (performance.now() - t0) / 1000;
    loaded = true;
    await page.setInputFiles("#files", files);
    await page.waitForFunction(
      (n) => document.querySelectorAll("#results li[data-file][data-label], #results li[data-error]").length === n,
      files.length,
      { timeout: 600000 },
    );
    const results: PageResult[] = await page.$$eval("#results li[data-file]", (lis) =>
      lis.map((li) => {
        const d = (li as HTMLElement).dataset;
        return {
          file: d.file!,
          label: d.label ?? null,
          probabilities: JSON.parse(d.probabilities ?? "null"),
          ms: Number(d.ms ?? NaN),
        };
      }));
    await page.click("#mic");
    await page.waitForTimeout(micSeconds * 1000);
    const live = await page.$eval("#live-stats", (el) => ({ ...(el as HTMLElement).dataset }));
    await page.click("#mic");
    return { loadSeconds, results, live, requests };
  } finally {
    await browser.close();
  }
}

/** The site of the recommended model in Chromium, beside the server. */
export async function benchSite(ctx: BenchContext): Promise<void> {
  if (!(await Deno.stat(CHROMIUM).then(() => true, () => false))) {
    return console.log(`  ${CHROMIUM} is not installed (apt-get install chromium): skipped`);
  }
  const art = await familyArtifacts(ctx);
  const picked = await benchClips(ctx, 40);
  const clips = await uniqueCopies(picked.files);
  const out = await Deno.makeTempDir({ prefix: "ser-bench-site-" });
  const site = await buildSite(art.dir, out);
  console.log(`  model: ${art.note}; clips: ${picked.what}`);
  console.log(
    `  site: ${site.files.length} files, ${(site.bytes / 1e6).toFixed(2)} MB (${
      (site.gzipBytes / 1e6).toFixed(2)
    } MB ` +
      `gzipped), built in ${site.seconds.toFixed(1)} s`,
  );
  const voice = join(clips.dir, "voice.wav");
  const y = (await loadAudio(picked.files[0], { sampleRate: 16000 })).y;
  const loop = new Float32Array(16000 * 30).map((_, i) => y[i % y.length]);
  await Deno.writeFile(voice, encodeWav(loop, 16000));
  const served = await serveStatic(out);
  const server = await startChild(art.dir);
  try {
    const page = await drivePage(served.url, clips.files, voice, 15);
    const predictor = await loadPredictor(art.dir);
    const rows = await predictor.predictBatch(clips.files, { workers: 1 });
    let same = 0, gap = 0, gapFile = "";
    for (const r of rows) {
      if (r.error !== null) continue;
      const p = page.results.find((g) => r.file.endsWith(`/${g.file}`));
      if (p?.label === r.emotion) same++;
      for (const [k, v] of Object.entries(r.probabilities)) {
        const d = Math.abs((p?.probabilities?.[k] ?? 0) - v);
        if (d > gap) (gap = d), (gapFile = basename(r.file));
      }
    }
    console.log(
      `  labels equal to predict's: ${same}/${rows.length}; largest probability difference ${gap.toFixed(4)} ` +
        `(${gapFile}: Chromium's decoding and arithmetic against libsndfile's in Deno; both resample with libsoxr, ` +
        "natively or compiled to WebAssembly, which alone moves probabilities by ≤ 0.001)",
    );
    console.log(`  load in Chromium (navigation → model ready): ${page.loadSeconds.toFixed(2)} s`);
    const perClip = quantile(page.results.map((r) => r.ms).filter(Number.isFinite), 0.5);
    versus("site: per clip (file input → result), p50", perClip, {
      name: "server POST /v1/predict",
      value: await serverPerClip(server.url, clips.files),
    }, { unit: "ms", digits: 0 });
    const perWindow = Number(page.live.latencyMs);
    versus(
      "site: per live window (in the worker), p50",
      perWindow,
      ctx.shared.streamWindowMs ? { name: "server stream", value: ctx.shared.streamWindowMs } : null,
      { unit: "ms", digits: 0 },
    );
    console.log(
      `    ${page.live.windows ?? 0} voiced windows from the fake microphone in 15 s, ${
        page.live.dropped ?? 0
      } dropped; ` +
        `requests after load: ${page.requests.length} (must be 0)`,
    );
  } finally {
    await server.stop();
    await served.stop();
    await Deno.remove(out, { recursive: true });
    await Deno.remove(clips.dir, { recursive: true });
    if (picked.temp) await Deno.remove(picked.temp, { recursive: true });
    if (art.temp) await Deno.remove(art.dir, { recursive: true });
  }
}
