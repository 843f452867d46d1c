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
import { intFlag, modelFlags, parseFlags, usageError } from "./_args.ts";
import { listAudioFiles } from "$lib/data/mod.ts";
import { runTimelines } from "./_timeline.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { progressBar, toCsv, writeFileAtomic } from "$lib/io/mod.ts";
import { ArtifactError } from "$lib/model/mod.ts";
import { audioAnalysisData, type BatchRow, loadPredictor, type SpeakerGrouping } from "$lib/pipeline/mod.ts";

const USAGE =
  "usage: deno task predict <file|dir|glob>... [--artifacts DIR] [--format table|json|csv] [--out FILE] [--chart DIR] [--workers N]\n" +
  "       [--best] [--speaker-by folder] [--speakers FILE.csv] [--calibrate DIR] [--speaker-norm speaker|none]\n" +
  "       [--timeline [--window S] [--hop S] [--vad on|off] [--min-segment S] [--confidence-floor P]]";
const { values, positionals } = parseFlags({
  allowPositionals: true,
  options: {
    artifacts: { type: "string", default: "artifacts" },
    format: { type: "string" },
    out: { type: "string" },
    chart: { type: "string" },
    workers: { type: "string" },
    best: { type: "boolean", default: false },
    "speaker-by": { type: "string" },
    speakers: { type: "string" },
    calibrate: { type: "string" },
    "speaker-norm": { type: "string" },
    timeline: { type: "boolean", default: false },
    window: { type: "string", default: "3" },
    hop: { type: "string", default: "1" },
    vad: { type: "string", default: "on" },
    "min-segment": { type: "string", default: "2" },
    "confidence-floor": { type: "string", default: "0.4" },
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
if (values["speaker-by"] !== undefined && values["speaker-by"] !== "folder") {
  usageError(`--speaker-by must be "folder": received ${values["speaker-by"]}`, USAGE);
}
const { speakerNorm } = modelFlags({ "speaker-norm": values["speaker-norm"] }, USAGE);

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
if (values.timeline) {
  const num = (name: string, v: string, lo: number, hi = Infinity) => {
    const n = Number(v);
    if (!(n >= lo && n <= hi)) usageError(`--${name} must be a number in [${lo}, ${hi}]: received ${v}`, USAGE);
    return n;
  };
  if (values.vad !== "on" && values.vad !== "off") {
    usageError(`--vad must be "on" or "off": received ${values.vad}`, USAGE);
  }
  const { files, missing } = await listAudioFiles(positionals);
  for (const m of missing) console.error(`not found: ${m}`);
  const { text, failed } = await runTimelines(predictor, files, format as "table" | "json" | "csv", {
    window: num("window", values.window, 0.25, 60),
    hop: num("hop", values.hop, 0.05, 60),
    vad: values.vad === "on",
    minSegment: num("min-segment", values["min-segment"], 0),
    confidenceFloor: num("confidence-floor", values["confidence-floor"], 0, 1),
    chartDir: values.chart,
    note: predictor.metadata.data_source?.kind === "synthetic"
      ? "Model trained on the SYNTHETIC demo corpus"
      : undefined,
  });
  if (values.out) await writeFileAtomic(values.out, text);
  else await Deno.stdout.write(new TextEncoder().encode(text));
  Deno.exit(failed || missing.length ? 1 : 0);
}
const speakers = await speakerGrouping(values, predictor.speakerNormalised && speakerNorm !== "none");
let bar: ReturnType<typeof progressBar> | null = null;
const rows: BatchRow[] = await predictor.predictBatch(positionals, {
  speakers,
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
  const { audioAnalysisChart } = await import("$lib/charts/mod.ts"); // loaded only when asked for
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
    [
      "file",
      "emotion",
      "confidence",
      ...classes,
      "gender",
      "gender_confidence",
      "normalization",
      "speaker_group",
      "note",
      "error",
    ],
    rows.map((r) =>
      r.error !== null ? [r.file, "", "", ...classes.map(() => ""), "", "", "", "", "", r.error] : [
        r.file,
        r.emotion,
        r.confidence,
        ...classes.map((c) => r.probabilities[c]),
        r.gender?.label ?? "",
        r.gender?.confidence ?? "",
        r.normalization,
        r.speakerGroup ?? "",
        r.note ?? "",
        "",
      ]
    ),
  );
} else {
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  const cut = (s: string) => (s.length > width ? `…${s.slice(-(width - 1))}` : s.padEnd(width));
  const gendered = rows.some((r) => r.error === null && r.gender);
  const lines = [
    `${"file".padEnd(width)}  ${"emotion".padEnd(9)} ${"confidence".padStart(10)}   ${"runner-up".padEnd(18)}${
      gendered ? " gender" : ""
    }`,
  ];
  for (const r of rows) {
    if (r.error !== null) {
      lines.push(`${cut(r.file)}  ERROR  ${r.error}`);
      continue;
    }
    const [, second] = Object.entries(r.probabilities).sort((a, b) => b[1] - a[1]);
    const runnerUp = second ? `${second[0]} ${pct(second[1])}` : "";
    const gender = r.gender ? ` ${r.gender.label} ${pct(r.gender.confidence)}` : "";
    lines.push(
      `${cut(r.file)}  ${r.emotion.padEnd(9)} ${pct(r.confidence).padStart(10)}   ${runnerUp.padEnd(18)}${gender}${
        r.normalization === "speaker" ? "  [speaker-normalised]" : ""
      }`,
    );
  }
  text = lines.map((l) => l.trimEnd()).join("\n") + "\n";
}
if (values.out) await writeFileAtomic(values.out, text);
else await Deno.stdout.write(new TextEncoder().encode(text));

const notes = [...new Set(rows.flatMap((r) => (r.error === null && r.note ? [r.note] : [])))];
const longer = rows.filter((r) => r.error === null && r.truncated);
if (longer.length) {
  const r = longer[0] as { file: string; truncated: string };
  console.error(
    `note: ${longer.length === 1 ? r.file : `${longer.length} files (e.g. ${r.file})`}: ${
      r.truncated.replace(/^used/, "the model used")
    }`,
  );
}
for (const n of notes) console.error(`note: ${n}`);
const failed = rows.filter((r) => r.error).length;
console.error(
  `${rows.length - failed} predicted, ${failed} failed${values.out ? ` → ${values.out}` : ""}${
    values.chart ? ` · charts in ${values.chart}/` : ""
  }`,
);
Deno.exit(failed ? 1 : 0);

/**
 * The speaker groups asked for: `--speaker-by folder`, a `--speakers` CSV (`file,speaker`), or `--calibrate DIR` (clips of
 * the one person all inputs come from). Only meaningful for a speaker-normalised model; otherwise a note says so.
 */
async function speakerGrouping(
  v: { "speaker-by"?: string; speakers?: string; calibrate?: string },
  applies: boolean,
): Promise<SpeakerGrouping | undefined> {
  const asked = v["speaker-by"] || v.speakers || v.calibrate;
  if (!asked) return undefined;
  if (!applies) {
    console.error("note: this model does not use speaker normalisation; speaker groups are ignored");
    return undefined;
  }
  const g: SpeakerGrouping = {};
  if (v["speaker-by"] === "folder") g.by = "folder";
  if (v.speakers) {
    let text: string;
    try {
      text = await Deno.readTextFile(v.speakers);
    } catch (e) {
      return usageError(`--speakers ${v.speakers}: cannot read (${(e as Error).message})`, USAGE);
    }
    const rows = parseCsv(text);
    if (!rows.length || !("file" in rows[0]) || !("speaker" in rows[0])) {
      usageError(`--speakers ${v.speakers}: needs a CSV with "file" and "speaker" columns`, USAGE);
    }
    g.by = new Map(rows.map((r) => [r.file, r.speaker]));
  }
  if (v.calibrate) {
    const { files } = await listAudioFiles([v.calibrate]);
    if (!files.length) usageError(`--calibrate ${v.calibrate}: no audio files there`, USAGE);
    g.calibrate = files;
  }
  return g;
}
