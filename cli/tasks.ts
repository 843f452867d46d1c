/**
 * The one task table: every `./ser` task's name, summary, options, permissions and examples. `./ser`, `./ser --help`,
 * `./ser help TASK`, `./ser TASK --help`, each task's usage and errors, the `deno.json` tasks and the README's task
 * list all come from here (`cli/tasks_test.ts` checks that `deno.json` and the README agree with it).
 *
 * @module
 */
import { familyNames } from "$lib/model/families/family_registry.ts";
import { USE_MODE_NAMES } from "$lib/model/modes/mode_registry.ts";

/** One option of a task. */
export interface TaskOption {
  /** Without the dashes, e.g. `epochs`. */
  name: string;
  /** Placeholder of its value (`N`, `DIR`, a list of choices); absent for a switch. */
  value?: string;
  /** The default, as shown and as parsed. */
  default?: string;
  /** One-letter alias. */
  short?: string;
  /** What it does, in a few words. */
  help: string;
}

/** A task. */
export interface TaskSpec {
  name: string;
  /** One line for `./ser` and the README. */
  summary: string;
  /** The script the task runs (repository-relative); or, for tasks that are Deno commands themselves, the command. */
  script?: string;
  command?: string;
  /** Positional arguments, e.g. `<file|dir|glob>...`. */
  positionals?: string;
  options: TaskOption[];
  /** Deno permission flags the script runs with. */
  permissions: string[];
  examples: string[];
}

const READ_WRITE = ["--allow-read", "--allow-write", "--allow-env"];
const AUDIO = [...READ_WRITE, "--allow-ffi", "--allow-sys", "--allow-run"];
const models = () => familyNames().join("|");
const modes = () => USE_MODE_NAMES.join(",");

/** `--queue`: where `predict` and `experiment` send their jobs (`./ser worker` takes them). */
const QUEUE_OPTION: TaskOption = {
  name: "queue",
  value: "redis://HOST:PORT[/DB]",
  help: "run the jobs on ./ser worker processes through this Redis (rediss:// for TLS; :password@ allowed)",
};

/** Augmented copies, their plan and class balancing: the training-side options `train` and `cv` share. */
const TRAINING_DATA_OPTIONS: TaskOption[] = [
  {
    name: "augment",
    value: "N",
    help: "augmented copies of every training clip (default: the family's; pooled-mlp 1)",
  },
  {
    name: "augment-plan",
    value: "level|chain",
    default: "level",
    help: "the copies' plan: level (voice, noise, −30…+6 dB) or chain (+ channel, room, −30…+20 dB, clipping)",
  },
  {
    name: "balance",
    value: "none|weights|oversample|corpus",
    default: "none",
    help:
      "class balancing: weights (solver families), oversample, or corpus (every corpus × label equally; any family)",
  },
  {
    name: "adversary",
    value: "none|speaker|corpus",
    default: "none",
    help: "a head that learns the speaker or corpus, its gradient reversed into the network (networks only)",
  },
  { name: "adversary-weight", value: "W", default: "0.3", help: "the adversary's gradient-reversal weight λ (≥ 0)" },
];

const DATA_OPTIONS: TaskOption[] = [
  { name: "layout", value: "auto|folders", default: "auto", help: "how labels are read (folders: folder per label)" },
  { name: "speaker-pattern", value: "REGEX", help: "speaker from the relative path (its `speaker` or first group)" },
  { name: "labels", value: "a,b,c", help: "keep only these classes (after --merge)" },
  { name: "merge", value: "from=to,...", help: "rename labels first, e.g. calm=neutral" },
  { name: "include-boredom", help: "keep EMO-DB's boredom clips" },
  { name: "no-cache", help: "recompute every feature (the cache is .cache/features)" },
  { name: "workers", value: "N", help: "extraction workers (default: one per core)" },
];

const MODE_OPTIONS: TaskOption[] = [
  { name: "modes", value: modes(), help: "use modes to train (global always; default: the family's)" },
  { name: "speaker-norm", value: "speaker|none", help: "older spelling: speaker = global,transductive; none = global" },
  { name: "enrol-label", value: "LABEL", default: "neutral", help: "the everyday-voice label enrolments are made of" },
  { name: "enrol-seconds", value: "S", default: "10", help: "about this many seconds of it per speaker" },
];

/** Every task, in the order `./ser` lists them. */
export const TASKS: TaskSpec[] = [
  {
    name: "train",
    summary: "discover → extract → split → train every use mode → evaluate → outputs, charts, artifacts",
    script: "cli/train.ts",
    options: [
      { name: "data", value: "DIR", help: "corpus folder (default dataset/, which falls back to the demo corpus)" },
      { name: "model", value: models(), help: "model family (default: the recommended one)" },
      ...MODE_OPTIONS,
      {
        name: "split",
        value: "original|speaker|none",
        default: "original",
        help: "original: the original project's clip split (formerly seed); none: every clip trains (a final model)",
      },
      ...TRAINING_DATA_OPTIONS,
      { name: "epochs", value: "N", help: "maximum epochs (with --split none: the epochs run)" },
      { name: "seed", value: "N", default: "42", help: "seed of the split, weights and shuffling" },
      { name: "out", value: "DIR", default: ".", help: "where outputs/, artifacts/ and charts/ go" },
      ...DATA_OPTIONS,
    ],
    permissions: AUDIO,
    examples: ["./ser train", "./ser train --data ~/corpora --split none --labels angry,happy,neutral,sad"],
  },
  {
    name: "cv",
    summary: "cross-validation with speakers or corpora held out, every use mode side by side",
    script: "cli/cv.ts",
    options: [
      { name: "data", value: "DIR", help: "corpus folder (default dataset/, which falls back to the demo corpus)" },
      {
        name: "protocol",
        value: "ravdess6|loso|corpus|matrix",
        default: "ravdess6",
        help: "which clips each fold tests (matrix: every corpus trained on alone, tested on every corpus)",
      },
      { name: "test", value: "a,b", help: "corpus protocol: test only these corpora (EMO-DB = emodb)" },
      { name: "model", value: "NAME[,NAME…]", help: `families on the same folds (${models()})` },
      ...MODE_OPTIONS,
      { name: "extra-corpora", help: "ravdess6/loso: other corpora join every fold's training side" },
      { name: "explain", help: "permutation importance of each feature group on held-out clips (cv_importance.csv)" },
      ...TRAINING_DATA_OPTIONS,
      { name: "epochs", value: "N", help: "maximum epochs" },
      { name: "seed", value: "N", default: "42", help: "seed of folds, weights and enrolment draws" },
      { name: "max-folds", value: "N", default: "10", help: "loso: speakers are grouped beyond this many folds" },
      { name: "out", value: "DIR", default: "outputs/cv", help: "where the results go" },
      ...DATA_OPTIONS,
    ],
    permissions: AUDIO,
    examples: [
      "./ser cv --data ~/corpora --protocol ravdess6",
      "./ser cv --data ~/corpora --protocol corpus --test emodb --labels angry,disgust,fear,happy,neutral,sad",
    ],
  },
  {
    name: "experiment",
    summary: "an experiment file's grid of cross-validations → one results table, intervals, comparisons",
    script: "cli/experiment.ts",
    positionals: "<experiment.toml>",
    options: [
      {
        name: "out",
        value: "DIR",
        help: "where the results go (default: the file's out, else outputs/experiments/NAME)",
      },
      { name: "workers", value: "N", help: "extraction workers (default: one per core)" },
      QUEUE_OPTION,
    ],
    permissions: [...AUDIO, "--allow-net"],
    examples: [
      "./ser experiment notebooks/experiments/learners.toml",
      "./ser experiment grid.toml --queue redis://10.0.0.5:6379",
    ],
  },
  {
    name: "predict",
    summary: "emotions (and gender) of clips, or of long recordings over time (--timeline)",
    script: "cli/predict.ts",
    positionals: "<file|dir|glob>...",
    options: [
      { name: "artifacts", value: "DIR", default: "artifacts", help: "the trained model" },
      { name: "format", value: "table|json|csv", help: "default: a table on a terminal, JSON in a pipe" },
      { name: "out", value: "FILE", help: "write there instead of stdout" },
      { name: "chart", value: "DIR", help: "also draw each clip's analysis (or timeline) chart" },
      { name: "workers", value: "N", help: "extraction workers (default: one per core)" },
      QUEUE_OPTION,
      { name: "ship-inputs", help: "with --queue: store the recordings in Redis for workers that cannot read them" },
      { name: "best", help: "the best-epoch checkpoint instead of the final weights" },
      {
        name: "mode",
        value: USE_MODE_NAMES.join("|"),
        help: "default: enrolled with --enrol, transductive with groups",
      },
      { name: "speaker-norm", value: USE_MODE_NAMES.join("|"), help: "same as --mode" },
      { name: "enrol", value: "FILE|DIR", help: "~10 s of the speaker's everyday voice (enrolled mode)" },
      {
        name: "enrol-map",
        value: "CSV",
        help: "speaker,file rows: each speaker's enrolment (with --speakers/--speaker-by)",
      },
      { name: "speaker-by", value: "folder", help: "each folder is one speaker" },
      { name: "speakers", value: "FILE.csv", help: "file,speaker rows" },
      { name: "calibrate", value: "DIR", help: "older spelling of --enrol" },
      { name: "timeline", help: "emotion over time for long recordings" },
      { name: "window", value: "S", default: "3", help: "timeline window, seconds" },
      { name: "hop", value: "S", default: "1", help: "timeline hop, seconds" },
      { name: "vad", value: "on|off", default: "on", help: "timeline voice activity detection" },
      {
        name: "pauses",
        value: "keep|cut|longest",
        default: "keep",
        help: "a timeline window's long pauses: kept, cut out, or its longest utterance alone (docs/timelines.md)",
      },
      { name: "min-segment", value: "S", default: "2", help: "shorter segments join a neighbour" },
      { name: "confidence-floor", value: "P", default: "0.4", help: "below it a window is uncertain" },
    ],
    permissions: [...AUDIO, "--allow-net"],
    examples: ["./ser predict clip.wav", "./ser predict --enrol me_reading.wav --timeline call.flac"],
  },
  {
    name: "worker",
    summary: "take predict and experiment jobs off a Redis queue (BullMQ); any number per machine",
    script: "cli/worker.ts",
    options: [
      { name: "queue", value: "redis://HOST:PORT[/DB]", help: "the queue (rediss:// for TLS; :password@ allowed)" },
      { name: "concurrency", value: "N", help: "jobs at once (default: one per core)" },
      { name: "lock-seconds", value: "S", default: "30", help: "a killed worker's job goes to another after this" },
      { name: "inputs-under", value: "DIR[,DIR…]", help: "read recordings only under these folders" },
      { name: "cache", value: "DIR", default: ".cache/queue", help: "shipped recordings and unpacked models" },
      { name: "quiet", help: "no line per job" },
      { name: "status", help: "print the queue's depth and latest failures, then exit" },
    ],
    permissions: [...AUDIO, "--allow-net"],
    examples: [
      "./ser worker --queue redis://127.0.0.1:6379",
      "./ser worker --queue rediss://:$REDIS_PASSWORD@redis.lab:6380",
    ],
  },
  {
    name: "serve",
    summary: "the REST API, the live stream and the page on 127.0.0.1",
    script: "cli/serve.ts",
    options: [
      { name: "artifacts", value: "DIR", default: "artifacts", help: "the trained model" },
      { name: "host", value: "ADDR", default: "127.0.0.1", help: "interface to bind" },
      { name: "port", value: "N", default: "8000", help: "port (0: any free one)" },
      { name: "max-body-mb", value: "MB", default: "20", help: "largest request body" },
      { name: "max-seconds", value: "S", default: "60", help: "longest recording accepted" },
      { name: "concurrency", value: "N", default: "64", help: "decodes in flight before 503" },
      { name: "workers", value: "N", help: "feature workers (default: one per core)" },
      { name: "cors", value: "ORIGIN", help: "allow this other origin (or *)" },
      { name: "allow-origin", value: "ORIGIN", help: "same as --cors" },
      { name: "allow-host", value: "HOST[,HOST…]", help: "Host header names accepted besides the bind address" },
      { name: "max-streams", value: "N", default: "8", help: "live streams at once" },
      { name: "request-timeout-ms", value: "MS", default: "30000", help: "whole-request deadline" },
    ],
    permissions: [...AUDIO, "--allow-net"],
    examples: ["./ser serve --artifacts artifacts", "curl -F file=@clip.wav http://127.0.0.1:8000/v1/predict"],
  },
  {
    name: "features",
    summary: "a feature set's named columns per file (CSV or JSON lines), an error row per failed file",
    script: "cli/features.ts",
    positionals: "<file|dir|glob>...",
    options: [
      {
        name: "feature-set",
        value: "original|pooled|mfcc|level-free",
        default: "original",
        help: "which features (seed: original)",
      },
      { name: "out", short: "o", value: "FILE.csv|FILE.jsonl", help: "default: CSV on stdout" },
      { name: "duration", value: "S", help: "seconds read per file (default: the feature set's)" },
      { name: "workers", value: "N", help: "extraction workers (default: one per core)" },
    ],
    permissions: AUDIO,
    examples: ["./ser features clips/ --out features.csv"],
  },
  {
    name: "site",
    summary: "a static site running the model in the visitor's browser (audio never leaves it)",
    script: "cli/site.ts",
    options: [
      { name: "artifacts", value: "DIR", default: "artifacts", help: "the trained model" },
      { name: "out", value: "DIR", default: "site", help: "the folder to write (replaced)" },
    ],
    permissions: [...READ_WRITE, "--allow-run", "--allow-ffi", "--allow-sys"],
    examples: ["./ser site --artifacts artifacts --out site && python3 -m http.server -d site 8080"],
  },
  {
    name: "export",
    summary: "a trained model as one ONNX graph (scaler inside) for onnxruntime anywhere",
    script: "cli/export.ts",
    options: [
      { name: "artifacts", value: "DIR", default: "artifacts", help: "the trained model" },
      { name: "format", value: "onnx", default: "onnx", help: "the exchange format" },
      { name: "out", value: "FILE", help: "where the model goes, e.g. model.onnx" },
      { name: "mode", value: USE_MODE_NAMES.join("|"), default: "global", help: "the use mode's graph" },
      { name: "no-gender", help: "leave the gender output out" },
    ],
    permissions: READ_WRITE,
    examples: [
      "./ser export --artifacts artifacts --format onnx --out model.onnx",
      "./ser features --feature-set pooled clips/ --out f.csv   # the model's input, in its column order",
    ],
  },
  {
    name: "import-keras",
    summary: "the original project's .keras/.h5 model and pickles → artifacts (no Python)",
    script: "cli/import_keras.ts",
    positionals: "<model.keras|model.h5>",
    options: [
      { name: "scaler", value: "scaler.pkl", help: "default: scaler.pkl beside the model" },
      { name: "labels", value: "label_encoder.pkl", help: "default: label_encoder.pkl beside the model" },
      { name: "out", value: "DIR", default: "artifacts", help: "artifacts folder to write" },
    ],
    permissions: [...READ_WRITE, "--allow-ffi", "--allow-sys"],
    examples: ["./ser import-keras best_ser_model.keras --out artifacts"],
  },
  {
    name: "demo-data",
    summary: "write the SYNTHETIC demo corpus (default dataset/)",
    script: "cli/demo_data.ts",
    positionals: "[DIR]",
    options: [{ name: "seed", value: "N", default: "42", help: "generator seed" }],
    permissions: READ_WRITE,
    examples: ["./ser demo-data /tmp/demo"],
  },
  {
    name: "notebooks",
    summary: "type-check and execute the notebooks with the real Deno kernel, checking their outputs",
    script: "cli/notebooks.ts",
    positionals: "[NOTEBOOK...]",
    options: [],
    permissions: ["-A"],
    examples: ["./ser notebooks 07_a_new_voice"],
  },
  {
    name: "install-kernel",
    summary: "register the Deno Jupyter kernel (deno jupyter --install)",
    command: "deno jupyter --install --force",
    options: [],
    permissions: [],
    examples: ["./ser install-kernel && jupyter notebook notebooks/"],
  },
  {
    name: "test",
    summary: "every test: unit tests beside their modules, end-to-end, server and browser tests",
    command: "deno test -A --parallel",
    options: [],
    permissions: [],
    examples: ["./ser test", "./ser test lib/model"],
  },
  {
    name: "check",
    summary: "type-check, notebook type-check, structure check, lint, fmt --check",
    command:
      "deno check lib cli tests bench tools && deno run -A cli/check_notebooks.ts && deno run -A tools/check_structure.ts && deno lint && deno fmt --check",
    options: [],
    permissions: [],
    examples: ["./ser check"],
  },
  {
    name: "bench",
    summary: "speed figures, each beside its anchor from the same run (never part of the tests)",
    script: "bench/bench.ts",
    options: [
      { name: "only", value: "SECTIONS", help: "comma-separated sections (default all)" },
      { name: "real", value: "DIR", help: "real speech for the data-bound figures" },
      { name: "librosa", value: "DIR", help: "librosa 0.10.2 source for the feature anchor" },
      { name: "artifacts", value: "DIR", help: "a trained model (default: a synthetic seed MLP)" },
      { name: "reps", value: "N", default: "200", help: "repetitions of the warm figures" },
      { name: "clips", value: "N", default: "160", help: "clips of the cold figures" },
      { name: "serve-seconds", value: "S", default: "20", help: "server load duration" },
      { name: "serve-clients", value: "N", default: "64", help: "server load clients" },
      { name: "timeline-minutes", value: "M", default: "60", help: "length of the timeline recording" },
    ],
    // playwright-core (the site section) reads /proc/sys when imported, which Deno allows only with --allow-all.
    permissions: ["--allow-all"],
    examples: ["./ser bench --only features,train --real /tmp/real"],
  },
  {
    name: "build-simd",
    summary: "rebuild the committed WebAssembly kernels from their C sources (needs clang and lld)",
    script: "cli/build_simd.ts",
    options: [
      {
        name: "soxr",
        value: "DIR",
        help: "also build libsoxr 0.1.3 from its src/ folder for the browser and machines without libsoxr",
      },
      { name: "libsvm", value: "DIR", help: "also build libsvm 3.37's trainer (svm.cpp) for the svm family" },
    ],
    permissions: ["--allow-read", "--allow-write", "--allow-run"],
    examples: ["./ser build-simd", "./ser build-simd --soxr ../soxr/src", "./ser build-simd --libsvm ../libsvm"],
  },
  {
    name: "build-page",
    summary: "rebuild the page's committed bundles in lib/serve/static/ from lib/page/",
    script: "cli/build_page.ts",
    options: [],
    permissions: ["--allow-read", "--allow-write", "--allow-run", "--allow-env"],
    examples: ["./ser build-page"],
  },
];

/** A task by name. */
export function task(name: string): TaskSpec {
  const t = TASKS.find((t) => t.name === name);
  if (!t) throw new RangeError(`no task "${name}"`);
  return t;
}

/** The command `deno task NAME` runs (and `./ser NAME` spawns). */
export function taskCommand(t: TaskSpec): string {
  return t.command ?? ["deno run", ...t.permissions, t.script!].join(" ");
}

/** `./ser NAME [--a A] …`: the usage line(s), wrapped at 120 columns. */
export function usageOf(t: TaskSpec): string {
  const parts = [
    ...(t.positionals ? [t.positionals] : []),
    ...t.options.map((o) => `[--${o.name}${o.value ? ` ${o.value}` : ""}]`),
  ];
  const lines: string[] = [];
  let line = `usage: ./ser ${t.name}`;
  for (const p of parts) {
    if (line.length + p.length + 1 > 118) lines.push(line), line = " ".repeat(`usage: ./ser ${t.name}`.length);
    line += ` ${p}`;
  }
  lines.push(line);
  return lines.join("\n");
}

/** `./ser help NAME`: summary, usage, every option with its default, examples. */
export function helpOf(t: TaskSpec): string {
  const width = Math.max(0, ...t.options.map((o) => o.name.length + (o.value?.length ?? 0) + 3));
  const options = t.options.map((o) => {
    const flag = `--${o.name}${o.value ? ` ${o.value}` : ""}`.padEnd(width + 2);
    return `  ${flag} ${o.help}${o.default !== undefined ? ` (default ${o.default})` : ""}`;
  });
  return [
    `./ser ${t.name}: ${t.summary}`,
    "",
    usageOf(t),
    ...(options.length ? ["", "options:", ...options] : []),
    "",
    "examples:",
    ...t.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** `./ser` and `./ser --help`: every task with its summary. */
export function taskList(): string {
  const w = Math.max(...TASKS.map((t) => t.name.length));
  return [
    "./ser TASK [options]: speech emotion recognition tasks (./ser help TASK for one task's options)",
    "",
    ...TASKS.map((t) => `  ${t.name.padEnd(w)}  ${t.summary}`),
  ].join("\n");
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/**
 * The closest of `candidates` to `word`, when close enough to be a typo (or `word` is a prefix of it).
 *
 * @example
 * didYouMean("tran", ["train", "test"]); // "train"
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null, bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c);
    if (d < bestD) best = c, bestD = d;
  }
  return bestD <= Math.max(1, Math.min(2, Math.floor(word.length / 3))) ? best : null;
}

/** The README's task table (between its `tasks:begin` and `tasks:end` markers). */
export function readmeTaskTable(): string {
  // One narrow line per task: its options are one `./ser help TASK` away.
  const rows = TASKS.map((t) => `| \`./ser ${t.name}\` | ${t.summary.replace(/\|/g, "\\|")} |`);
  return ["| task | what it does |", "| --- | --- |", ...rows].join("\n");
}
