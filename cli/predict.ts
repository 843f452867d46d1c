/**
 * `./ser predict`: emotions of clips (a table on a terminal, JSON in a pipe, or CSV), or of long recordings over time
 * with `--timeline`. Each clip is answered in the use mode the user has the means for: `enrolled` with `--enrol`
 * (about 10 s of the speaker's everyday voice) or `--enrol-map`, `transductive` with speaker groups
 * (`--speaker-by folder`, `--speakers FILE.csv`), else `global`; `--mode` chooses explicitly. A file that fails becomes
 * an error row and the batch goes on; the exit status is 1 when any failed. Options: `./ser help predict`.
 *
 * @module
 */
import { listAudioFiles } from "$lib/data/mod.ts";
import { parseCsv, progressBar, writeFileAtomic } from "$lib/io/mod.ts";
import { ArtifactError, type Enrolment, USE_MODE_NAMES } from "$lib/model/mod.ts";
import {
  audioAnalysisData,
  type BatchRow,
  enrolFromRecordings,
  loadPredictor,
  type Predictor,
  type SpeakerGrouping,
} from "$lib/predict/mod.ts";
import { choiceFlag, intFlag, numFlag, type ParsedTask, parseTask, str, usageError } from "./task_args.ts";
import { queueSecrets } from "./_queue_secrets.ts";
import { asCsv, asJson, asTable } from "./_predict_output.ts";
import { renderTimelines, runTimelines } from "./_timeline.ts";
import type { JobClient } from "$lib/queue/mod.ts";

const p = parseTask("predict");
if (p.positionals.length === 0) usageError(p.spec, "no input files");
const format = choiceFlag(p, "format", ["table", "json", "csv"] as const) ??
  (Deno.stdout.isTerminal() && !str(p, "out") ? "table" : "json");
const mode = choiceFlag(p, "mode", USE_MODE_NAMES) ?? choiceFlag(p, "speaker-norm", USE_MODE_NAMES);
choiceFlag(p, "speaker-by", ["folder"] as const);

let predictor: Predictor;
try {
  predictor = await loadPredictor(str(p, "artifacts"), { which: p.values.best ? "best" : "model" });
} catch (e) {
  if (!(e instanceof ArtifactError)) throw e;
  console.error(
    `./ser predict: no usable model in ${str(p, "artifacts")}/ — ${e.message}\n` +
      "Train one first with ./ser train (or point --artifacts at a trained run).",
  );
  Deno.exit(2);
}
if (mode && !predictor.modes.includes(mode)) {
  usageError(p.spec, `this model was trained for ${predictor.modes.join(", ")}, not ${mode} (retrain with --modes)`);
}
if (predictor.synthetic) console.error(`WARNING: ${predictor.synthetic}.`);
const speakers = await grouping(p);
const client = await openQueue();
let bar: ReturnType<typeof progressBar> | null = null;
const onProgress = (done: number, total: number) => {
  bar ??= progressBar(total, client ? "predict (queue)" : "predict", { quiet: total < 8 });
  bar.tick();
  if (done === total) bar.stop();
};

if (p.values.timeline) {
  const { files, missing } = await listAudioFiles(p.positionals);
  for (const m of missing) console.error(`not found: ${m}`);
  const enrolments = await timelineEnrolments(speakers, files);
  const options = {
    window: numFlag(p, "window", 0.25, 60),
    hop: numFlag(p, "hop", 0.05, 60),
    vad: choiceFlag(p, "vad", ["on", "off"] as const) === "on",
    pauses: choiceFlag(p, "pauses", ["keep", "cut", "longest"] as const),
    minSegment: numFlag(p, "min-segment", 0),
    confidenceFloor: numFlag(p, "confidence-floor", 0, 1),
    chartDir: str(p, "chart"),
    note: predictor.synthetic ? "Model trained on the SYNTHETIC demo corpus" : undefined,
    mode: mode ?? speakers?.mode,
    enrolmentOf: (f: string) => enrolments.get(f),
  };
  let result;
  if (client) {
    if (p.values.best) {
      usageError(p.spec, "--best is not available with --queue --timeline (workers load the final model)");
    }
    const { timelinesQueued } = await import("$lib/queue/mod.ts");
    const q = await timelinesQueued(str(p, "artifacts")!, files, {
      client,
      ...options,
      shipInputs: Boolean(p.values["ship-inputs"]),
      onProgress,
    });
    console.error(`queue ${client.redacted}: ${files.length} timelines, ${q.reused} finished before`);
    result = await renderTimelines(q.timelines, predictor.classes, format, options);
    await client.close();
  } else result = await runTimelines(predictor, files, format, options);
  const { text, failed } = result;
  await emit(text);
  Deno.exit(failed || missing.length ? 1 : 0);
}

const rows: BatchRow[] = client ? await queuedBatch(client) : await predictor.predictBatch(p.positionals, {
  speakers: { ...speakers, mode: mode ?? speakers?.mode },
  workers: intFlag(p, "workers", 1),
  onProgress,
});
if (str(p, "chart")) {
  const { audioAnalysisChart } = await import("$lib/charts/mod.ts"); // loaded only when asked for
  const note = predictor.synthetic ? "Model trained on the SYNTHETIC demo corpus" : undefined;
  for (const r of rows) {
    if (r.error === null) {
      await audioAnalysisChart(await audioAnalysisData(predictor, r.file, { note })).save(str(p, "chart")!);
    }
  }
}
await emit(
  format === "json"
    ? asJson(rows, predictor.synthetic)
    : format === "csv"
    ? asCsv(rows, predictor.classes, predictor.synthetic)
    : asTable(rows, predictor.synthetic),
);
summarise(rows);

/** The queue of `--queue`, connected; a bad URL is a usage error, a queue that does not answer exits 2. */
async function openQueue(): Promise<JobClient | null> {
  const url = str(p, "queue");
  if (!url) {
    if (p.values["ship-inputs"]) usageError(p.spec, "--ship-inputs needs --queue");
    return null;
  }
  const { JobClient, QueueUrlError } = await import("$lib/queue/mod.ts"); // Redis only when asked for
  try {
    return await JobClient.open(url, queueSecrets());
  } catch (e) {
    if (e instanceof QueueUrlError) usageError(p.spec, e.message);
    console.error(`./ser predict: ${(e as Error).message}`);
    Deno.exit(2);
  }
}

/** The batch through the queue: the same rows as in-process. */
async function queuedBatch(client: JobClient): Promise<BatchRow[]> {
  const { predictBatchQueued } = await import("$lib/queue/mod.ts");
  const q = await predictBatchQueued(predictor, p.positionals, {
    client,
    speakers: { ...speakers, mode: mode ?? speakers?.mode },
    shipInputs: Boolean(p.values["ship-inputs"]),
    onProgress,
  });
  console.error(
    `queue ${client.redacted}: ${q.rows.length} files, ${q.reused} finished before, ${q.seconds.toFixed(1)} s`,
  );
  await client.close();
  return q.rows;
}

/** Write to `--out` or stdout. */
async function emit(text: string) {
  if (str(p, "out")) await writeFileAtomic(str(p, "out")!, text);
  else await Deno.stdout.write(new TextEncoder().encode(text));
}

/** The notes on stderr, the count line, and the exit status. */
function summarise(rows: BatchRow[]): never {
  const ok = rows.filter((r): r is Extract<BatchRow, { error: null }> => r.error === null);
  const longer = ok.filter((r) => r.truncated);
  if (longer.length) {
    const r = longer[0];
    const which = longer.length === 1 ? r.file : `${longer.length} files (e.g. ${r.file})`;
    console.error(`note: ${which}: ${r.truncated!.replace(/^used/, "the model used")}`);
  }
  for (const n of new Set(ok.flatMap((r) => (r.note ? [r.note] : [])))) console.error(`note: ${n}`);
  const failed = rows.length - ok.length;
  const out = str(p, "out"), chart = str(p, "chart");
  console.error(
    `${ok.length} predicted, ${failed} failed${out ? ` → ${out}` : ""}${chart ? ` · charts in ${chart}/` : ""}`,
  );
  Deno.exit(failed ? 1 : 0);
}

/** A CSV's rows, refusing a file that cannot be read or lacks the columns. */
async function csvRows(flag: string, path: string, columns: string[]): Promise<Record<string, string>[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    return usageError(p.spec, `--${flag} ${path}: cannot read (${(e as Error).message})`);
  }
  const rows = parseCsv(text);
  if (!rows.length || columns.some((c) => !(c in rows[0]))) {
    usageError(p.spec, `--${flag} ${path}: needs a CSV with ${columns.map((c) => `"${c}"`).join(" and ")} columns`);
  }
  return rows;
}

/** The speakers of the inputs and their enrolments, from `--speaker-by`, `--speakers`, `--enrol`, `--enrol-map`. */
async function grouping(p: ParsedTask): Promise<SpeakerGrouping | undefined> {
  const g: SpeakerGrouping = {};
  if (str(p, "speaker-by") === "folder") g.by = "folder";
  if (str(p, "speakers")) {
    g.by = new Map(
      (await csvRows("speakers", str(p, "speakers")!, ["file", "speaker"])).map((r) => [r.file, r.speaker]),
    );
  }
  const enrol = str(p, "enrol") ?? str(p, "calibrate");
  if (enrol) {
    const { files } = await listAudioFiles([enrol]);
    if (!files.length) usageError(p.spec, `--enrol ${enrol}: no audio files there`);
    g.enrol = files;
  }
  if (str(p, "enrol-map")) {
    if (!g.by) usageError(p.spec, "--enrol-map needs the inputs' speakers: --speakers FILE.csv or --speaker-by folder");
    const map = new Map<string, string[]>();
    for (const r of await csvRows("enrol-map", str(p, "enrol-map")!, ["speaker", "file"])) {
      map.set(r.speaker, [...(map.get(r.speaker) ?? []), r.file]);
    }
    g.enrolMap = map;
  }
  return Object.keys(g).length ? g : undefined;
}

/** Each timeline file's enrolment: the one `--enrol`, or its speaker's from `--enrol-map`. */
async function timelineEnrolments(g: SpeakerGrouping | undefined, files: string[]): Promise<Map<string, Enrolment>> {
  const out = new Map<string, Enrolment>();
  if (!g || !(g.enrol || g.enrolMap)) return out;
  const everyone = g.enrol ? await enrolFromRecordings(predictor, g.enrol) : undefined;
  const bySpeaker = new Map<string, Enrolment>();
  for (const [s, recordings] of g.enrolMap ?? []) bySpeaker.set(s, await enrolFromRecordings(predictor, recordings));
  for (const f of files) {
    const s = g.by === "folder" ? f.replace(/\/[^/]*$/, "") : g.by instanceof Map ? g.by.get(f) : undefined;
    const e = (s !== undefined ? bySpeaker.get(s) : undefined) ?? everyone;
    if (e) out.set(f, e);
  }
  return out;
}
