/**
 * `deno task predict <file|dir|glob>... [--artifacts DIR] [--format table|json|csv] [--out FILE] [--chart DIR] [--workers N]`
 *
 * Predict emotions with a trained model. On a terminal it prints a table; in a pipe, JSON (or `--format csv`).
 * A file that fails becomes an error row with its reason and the batch goes on; the exit status is 1 when any file
 * failed, and the summary line on stderr says how many. `--chart DIR` also writes the seed's audio-analysis chart
 * (`12_audio_sample_<clip>.svg/.png`) for each file.
 *
 * @module
 */
import { intFlag, parseFlags } from "./_args.ts";
import { audioAnalysisChart } from "$lib/charts/mod.ts";
import { progressBar, toCsv, writeFileAtomic } from "$lib/io/mod.ts";
import { ArtifactError } from "$lib/model/mod.ts";
import { audioAnalysisData, type BatchRow, loadPredictor } from "$lib/pipeline/mod.ts";

const USAGE =
  "usage: deno task predict <file|dir|glob>... [--artifacts DIR] [--format table|json|csv] [--out FILE] [--chart DIR] [--workers N]";
const { values, positionals } = parseFlags({
  allowPositionals: true,
  options: {
    artifacts: { type: "string", default: "artifacts" },
    format: { type: "string" },
    out: { type: "string" },
    chart: { type: "string" },
    workers: { type: "string" },
    best: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
}, USAGE);
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
if (positionals.length === 0) {
  console.error(`no input files\n${USAGE}`);
  Deno.exit(2);
}
const format = values.format ?? (Deno.stdout.isTerminal() && !values.out ? "table" : "json");
if (!["table", "json", "csv"].includes(format)) {
  console.error(`--format must be table, json or csv: received ${format}\n${USAGE}`);
  Deno.exit(2);
}
const workers = intFlag("workers", values.workers, 1, USAGE);

let predictor;
try {
  predictor = await loadPredictor(values.artifacts, { which: values.best ? "best" : "model" });
} catch (e) {
  if (e instanceof ArtifactError) {
    console.error(
      `predict: no usable model in ${values.artifacts}/ — ${e.message}\nTrain one first with \`deno task train\` (or point --artifacts at a trained run).`,
    );
    Deno.exit(2);
  }
  throw e;
}
const classes = predictor.classes;
let bar: ReturnType<typeof progressBar> | null = null;
const rows: BatchRow[] = await predictor.predictBatch(positionals, {
  workers,
  onProgress: (done, total) => {
    bar ??= progressBar(total, "predict", { quiet: total < 8 });
    bar.tick();
    if (done === total) bar.stop();
  },
});

if (values.chart) {
  const note = predictor.metadata.data_source?.kind === "synthetic"
    ? "Model trained on the SYNTHETIC demo corpus"
    : undefined;
  for (const r of rows) {
    if (r.error) continue;
    const chart = audioAnalysisChart(await audioAnalysisData(predictor, r.file, { note }));
    await chart.save(values.chart);
  }
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
let text: string;
if (format === "json") {
  text = JSON.stringify(rows, null, 2) + "\n";
} else if (format === "csv") {
  text = toCsv(
    ["file", "emotion", "confidence", ...classes, "error"],
    rows.map((r) =>
      r.error !== null
        ? [r.file, "", "", ...classes.map(() => ""), r.error]
        : [r.file, r.emotion, r.confidence, ...classes.map((c) => r.probabilities[c]), ""]
    ),
  );
} else {
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  const cut = (s: string) => (s.length > width ? `…${s.slice(-(width - 1))}` : s.padEnd(width));
  const lines = [`${"file".padEnd(width)}  ${"emotion".padEnd(9)} ${"confidence".padStart(10)}   runner-up`];
  for (const r of rows) {
    if (r.error !== null) {
      lines.push(`${cut(r.file)}  ERROR  ${r.error}`);
      continue;
    }
    const [, second] = Object.entries(r.probabilities).sort((a, b) => b[1] - a[1]);
    lines.push(
      `${cut(r.file)}  ${r.emotion.padEnd(9)} ${pct(r.confidence).padStart(10)}   ${
        second ? `${second[0]} ${pct(second[1])}` : ""
      }`,
    );
  }
  text = lines.join("\n") + "\n";
}
if (values.out) await writeFileAtomic(values.out, text);
else await Deno.stdout.write(new TextEncoder().encode(text));

const failed = rows.filter((r) => r.error).length;
console.error(
  `${rows.length - failed} predicted, ${failed} failed${values.out ? ` → ${values.out}` : ""}${
    values.chart ? ` · charts in ${values.chart}/` : ""
  }`,
);
Deno.exit(failed ? 1 : 0);
