/**
 * `./ser features <file|dir|glob>...`: a feature set's named columns for each audio file, one row per file — the
 * original project's 195 librosa-identical features by default, or any other set a model family uses (`--feature-set pooled`), in
 * the column order an exported model's `features` input takes. Files that fail get a row with their error and no
 * features. Without `--out`, CSV goes to stdout; exit status 1 when any file failed. Options: `./ser help features`.
 *
 * @module
 */
import { choiceFlag, intFlag, numFlag, parseTask, str, usageError } from "./task_args.ts";
import { resamplerInfo } from "$lib/audio/mod.ts";
import { listAudioFiles, runExtractionPool } from "$lib/data/mod.ts";
import { FEATURE_SETS, featureSet, type FeatureSetName } from "$lib/features/mod.ts";
import { progressBar, toCsv, writeFileAtomic } from "$lib/io/mod.ts";

const p = parseTask("features");
if (p.positionals.length === 0) usageError(p.spec, "no input files");
// "seed" is the original set's former name, still accepted.
const set = featureSet(choiceFlag(p, "feature-set", [...Object.keys(FEATURE_SETS), "seed"] as FeatureSetName[])!);
const duration = numFlag(p, "duration", 0.01) ?? set.duration;
const workers = intFlag(p, "workers", 1);
const out = str(p, "out");
const jsonl = out?.toLowerCase().endsWith(".jsonl") ?? false;
if (out && !jsonl && !out.toLowerCase().endsWith(".csv")) {
  usageError(p.spec, `--out must end in .csv or .jsonl: received ${out}`);
}

const { files, missing } = await listAudioFiles(p.positionals);
for (const m of missing) console.error(`not found: ${m}`);
const info = resamplerInfo();
console.error(
  `${files.length} audio files · ${set.count} ${set.name} features · resampler ${info.name}${
    info.librosaIdentical ? " (librosa-identical)" : " (not bit-identical to librosa: see the README's substitutions)"
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
  featureSet: set.name,
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
        ? { path: r.path, ...Object.fromEntries(set.names.map((n, i) => [n, r.features![i]])) }
        : { path: r.path, error: r.error },
    )
  ).join("\n") + "\n";
} else {
  text = toCsv(
    ["path", "error", ...set.names],
    rows.map((r) => [r.path, r.error ?? "", ...(r.features ?? new Array(set.count).fill(null))]),
  );
}
if (out) await writeFileAtomic(out, text);
else await Deno.stdout.write(new TextEncoder().encode(text));

const failed = rows.filter((r) => r.error);
for (const f of failed) console.error(`error: ${f.error}`);
console.error(`${rows.length - failed.length} extracted, ${failed.length} failed${out ? ` → ${out}` : ""}`);
Deno.exit(failed.length ? 1 : 0);
