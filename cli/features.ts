/**
 * `deno task features <file|dir|glob>... [--out features.csv|features.jsonl] [--duration 3] [--workers N]`
 *
 * Extract the seed's 195 features (librosa-identical) for each WAV file and write one row per file with named
 * columns. Files that fail get a row with their error and no features. Without `--out`, CSV goes to stdout.
 * Exit status 1 when any file failed.
 *
 * @module
 */
import { intFlag, parseFlags } from "./_args.ts";
import { resamplerInfo } from "$lib/audio/mod.ts";
import { listAudioFiles, runExtractionPool } from "$lib/data/mod.ts";
import { FEATURE_NAMES } from "$lib/features/mod.ts";
import { progressBar, toCsv, writeFileAtomic } from "$lib/io/mod.ts";

const USAGE =
  "usage: deno task features <file|dir|glob>... [--out features.csv|features.jsonl] [--duration 3] [--workers N]";
const { values, positionals } = parseFlags({
  allowPositionals: true,
  options: {
    out: { type: "string", short: "o" },
    duration: { type: "string", default: "3" },
    workers: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
}, USAGE);
if (values.help || positionals.length === 0) {
  console.error(
    "usage: deno task features <file|dir|glob>... [--out features.csv|features.jsonl] [--duration 3] [--workers N]",
  );
  Deno.exit(values.help ? 0 : 2);
}
const duration = Number(values.duration);
if (!(duration > 0)) {
  console.error(`--duration must be a positive number of seconds: received ${values.duration}`);
  Deno.exit(2);
}
const workers = intFlag("workers", values.workers, 1, USAGE);
const out = values.out;
const jsonl = out?.toLowerCase().endsWith(".jsonl") ?? false;
if (out && !jsonl && !out.toLowerCase().endsWith(".csv")) {
  console.error(`--out must end in .csv or .jsonl: received ${out}`);
  Deno.exit(2);
}

const { files, missing } = await listAudioFiles(positionals);
for (const m of missing) console.error(`not found: ${m}`);
const info = resamplerInfo();
console.error(
  `${files.length} WAV files · resampler ${info.name}${
    info.librosaIdentical ? " (librosa-identical)" : " (fallback: not bit-identical to librosa)"
  }`,
);

interface Row {
  path: string;
  error: string | null;
  features: Float32Array | null;
}
const rows: Row[] = files.map((path) => ({ path, error: null, features: null }));
const bar = progressBar(files.length, "features", { quiet: files.length < 2 });
// One worker per core; a file that fails gets its error and the others go on.
await runExtractionPool(files.map((path, id) => ({ id, path })), {
  workers,
  duration,
  onResult: (id, r) => {
    if (r instanceof Float32Array) rows[id].features = r;
    else rows[id].error = r;
    bar.tick();
  },
});
bar.stop();
for (const m of missing) rows.push({ path: m, error: `${m}: no such file or folder`, features: null });

let text: string;
if (jsonl) {
  text = rows.map((r) =>
    JSON.stringify(
      r.features
        ? { path: r.path, ...Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, r.features![i]])) }
        : { path: r.path, error: r.error },
    )
  ).join("\n") + "\n";
} else {
  text = toCsv(
    ["path", "error", ...FEATURE_NAMES],
    rows.map((r) => [r.path, r.error ?? "", ...(r.features ?? new Array(FEATURE_NAMES.length).fill(null))]),
  );
}
if (out) await writeFileAtomic(out, text);
else await Deno.stdout.write(new TextEncoder().encode(text));

const failed = rows.filter((r) => r.error);
for (const f of failed) console.error(`error: ${f.error}`);
console.error(`${rows.length - failed.length} extracted, ${failed.length} failed${out ? ` → ${out}` : ""}`);
Deno.exit(failed.length ? 1 : 0);
