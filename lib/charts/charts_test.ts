import assert from "node:assert/strict";
import {
  confusionMatrixChart,
  corpusDistributionChart,
  emotionCorpusHeatmapChart,
  emotionDistributionChart,
  perClassAccuracyChart,
  renderRunReport,
  trainingHistoryChart,
} from "./mod.ts";

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1].replace(/<[^>]+>/g, "\n").replace(/\n+/g, "\n").trim()
  ).join("\n");

Deno.test("emotionDistributionChart() draws one bar per emotion, most frequent first, with counts and shares", () => {
  const c = emotionDistributionChart([{ label: "calm", count: 2 }, { label: "angry", count: 6 }, {
    label: "sad",
    count: 2,
  }], { note: "SYNTHETIC" });
  assert.equal(c.name, "01_emotion_distribution");
  const t = texts(c.svg);
  assert.match(t, /Clips per emotion/);
  assert.match(t, /10 clips/);
  assert.match(t, /6\n60\.0%/);
  assert.match(t, /SYNTHETIC/);
  assert.ok(t.indexOf("angry") < t.indexOf("calm"), "sorted by count");
  // Three bars in the emotions' colours (angry red, calm cyan, sad blue).
  for (const color of ["#d62728", "#17becf", "#1f77b4"]) assert.ok(c.svg.includes(`fill="${color}"`), color);
  assert.ok(c.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(!c.svg.includes("currentColor"));
});

Deno.test("corpusDistributionChart() is a 100 % stacked bar whose labels are each corpus's share", () => {
  const c = corpusDistributionChart([{ label: "TESS", count: 30 }, { label: "CREMA-D", count: 70 }]);
  const t = texts(c.svg);
  assert.match(t, /CREMA-D\n70\.0%/);
  assert.match(t, /TESS\n30\.0%/);
  assert.match(t, /Share of clips \(%\)/);
});

Deno.test("emotionCorpusHeatmapChart() fills every emotion × corpus cell, zeros included", () => {
  const c = emotionCorpusHeatmapChart([{ emotion: "angry", corpus: "TESS", count: 4 }, {
    emotion: "calm",
    corpus: "RAVDESS",
    count: 2,
  }]);
  const t = texts(c.svg).split("\n");
  for (const v of ["4", "2", "0"]) assert.ok(t.includes(v), v);
  assert.equal(t.filter((x) => x === "0").length, 2); // angry×RAVDESS and calm×TESS
});

Deno.test("trainingHistoryChart() draws train and validation curves for accuracy and loss and marks the kept epoch", () => {
  const history = [1, 2, 3].map((e) => ({
    epoch: e,
    loss: 2 / e,
    valLoss: 2.2 / e,
    accuracy: 0.2 * e,
    valAccuracy: 0.18 * e,
    lr: e < 3 ? 1e-3 : 5e-4,
  }));
  const c = trainingHistoryChart(history, { bestEpoch: 3 });
  assert.equal(count(c.svg, /<path[^>]*stroke="#4e79a7"/g) + count(c.svg, /<path[^>]*stroke="#e15759"/g) >= 4, true);
  const t = texts(c.svg);
  assert.match(t, /kept: epoch 3/);
  assert.match(t, /learning rate halved/);
  assert.match(t, /final val accuracy 54\.0%/);
});

Deno.test("confusionMatrixChart() writes every count and outlines the diagonal", () => {
  const c = confusionMatrixChart([[5, 1], [2, 7]], ["angry", "sad"]);
  const t = texts(c.svg).split("\n");
  for (const v of ["5", "1", "2", "7"]) assert.ok(t.includes(v));
  assert.match(texts(c.svg), /12 of 15 clips on the diagonal \(80\.0% accuracy\)/);
  assert.equal(count(c.svg, /stroke="#d1495b"/g) >= 1, true);
});

Deno.test("perClassAccuracyChart() shows recall per class and the overall accuracy line", () => {
  const c = perClassAccuracyChart([{ label: "angry", precision: 1, recall: 0.5, f1: 0.66, support: 4 }], 0.5);
  assert.match(texts(c.svg), /50\.0%\nn=4/);
  assert.match(texts(c.svg), /overall\naccuracy\n50\.0%/);
});

Deno.test("Chart.toPng() rasterises with text at twice the SVG size; Jupyter display gives SVG", () => {
  const c = emotionDistributionChart([{ label: "angry", count: 3 }]);
  const png = c.toPng();
  assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71]); // "PNG"
  const view = new DataView(png.buffer, png.byteOffset);
  assert.equal(view.getUint32(16), Math.round(c.width * 2));
  assert.equal(view.getUint32(20), Math.round(c.height * 2));
  const display = (c as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
  assert.equal(display["image/svg+xml"], c.svg);
});

Deno.test("renderRunReport() is one offline page with the banner, tables and inline charts", () => {
  const chart = emotionDistributionChart([{ label: "angry", count: 3 }]);
  const html = renderRunReport({
    title: "Run <1>",
    banner: "SYNTHETIC DATA",
    summary: [["Seed", "42"]],
    tables: [{ caption: "Test", columns: ["metric", "value"], rows: [["accuracy", 0.5]] }],
    charts: [chart],
    skipped: [{ reason: "not a .wav file", count: 2 }],
    skippedFile: "outputs/skipped.csv",
  });
  assert.match(html, /<title>Run &lt;1&gt;<\/title>/);
  assert.match(html, /class="banner">SYNTHETIC DATA/);
  assert.match(html, /<figure id="01_emotion_distribution" data-chart="01_emotion_distribution"><svg/);
  assert.match(html, /not a \.wav file<\/td><td>2/);
  assert.ok(
    !/<script|https?:\/\//.test(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")),
    "no scripts or remote resources",
  );
});
