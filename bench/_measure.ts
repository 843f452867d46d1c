/**
 * Private: what every `deno task bench` section shares — timing, printing a figure beside its anchor, running a
 * child process while sampling its peak memory, synthetic artifacts, and picking real clips.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { listAudioFiles, writeDemoCorpus } from "$lib/data/mod.ts";
import {
  buildOriginalMlp,
  DEFAULT_FAMILY,
  globalOnly,
  initBackend,
  LEGACY_FAMILY,
  modelFamily,
  type ModelMetadata,
  saveArtifacts,
  withSeededRandom,
} from "$lib/model/mod.ts";
import { FEATURE_CONFIG } from "$lib/features/mod.ts";
import { FEATURE_SETS } from "$lib/features/feature_sets.ts";
import { mulberry32 } from "$lib/random.ts";

/** Options every section receives. */
export interface BenchContext {
  reps: number;
  /** Demo clips for the extraction and batch figures. */
  clips: number;
  /** A folder of real speech (RAVDESS, TESS, …), or null. */
  real: string | null;
  /** librosa 0.10.2 sources (with `shim/` holding the soxr shim), or null. */
  librosa: string | null;
  /** Trained artifacts to use, or null for a synthetic seed MLP. */
  artifacts: string | null;
  serveSeconds: number;
  serveClients: number;
  timelineMinutes: number;
  /** Figures other sections reuse (e.g. batch clips/s for the server's ratio). */
  shared: Record<string, number>;
}

/** The repository root, as a path. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** tests/fixtures/, as a URL. */
export const FIXTURES = new URL("../tests/fixtures/", import.meta.url);
/** `deno` itself, for child processes. */
export const DENO = Deno.execPath();
/** Median and best of `n` timed runs after `warm` untimed ones, in ms. */
export function time(fn: () => unknown, n: number, warm = 20): { median: number; best: number } {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return summarise(t);
}

/** Median and best of a list of timings. */
export function summarise(t: number[]): { median: number; best: number } {
  const s = [...t].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], best: s[0] };
}

/** The `q`-quantile (0–1) of unsorted values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Print one timing row: label, median and best. */
export function row(label: string, r: { median: number; best: number }, unit = "ms"): void {
  console.log(
    `${label.padEnd(58)} ${r.median.toFixed(3).padStart(9)} ${unit} median  ${
      r.best.toFixed(3).padStart(9)
    } ${unit} best`,
  );
}

/**
 * Print a figure beside its anchor from the same run, with the ratio: `ours` and `anchor` in the same unit, and
 * `better` saying which direction wins ("lower" for times, "higher" for rates).
 */
export function versus(
  label: string,
  ours: number,
  anchor: { name: string; value: number } | null,
  o: { unit: string; better?: "lower" | "higher"; target?: string; digits?: number },
): void {
  const d = o.digits ?? 2;
  let line = `  ${label.padEnd(44)} ${ours.toFixed(d).padStart(9)} ${o.unit}`;
  if (anchor && anchor.value > 0) {
    const ratio = (o.better ?? "lower") === "lower" ? anchor.value / ours : ours / anchor.value;
    line += `  vs ${anchor.name} ${anchor.value.toFixed(d)} ${o.unit} → ${ratio.toFixed(2)}× ${
      ratio >= 1 ? "faster" : "slower"
    }`;
  }
  if (o.target) line += `  (target ${o.target})`;
  console.log(line);
}

/** Result of {@linkcode runMeasured}. */
export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set size in MB (VmHWM, read every 100 ms while it runs), or null when /proc is unavailable. */
  peakRssMb: number | null;
}

/** Run a command to completion, timing it and sampling its peak memory from /proc/PID/status. */
export async function runMeasured(
  cmd: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Measured> {
  const t0 = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const sampler = rssSampler(child.pid, 100);
  const out = await child.output();
  await sampler.stop();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    seconds: (performance.now() - t0) / 1000,
    peakRssMb: sampler.peak(),
  };
}

/**
 * Peak RSS (VmHWM) of a live process in MB, or null. Deno reads other processes' /proc files only with
 * --allow-all, so `cat` reads it (--allow-run is enough).
 */
export async function peakRssOf(pid: number): Promise<number | null> {
  const out = await new Deno.Command("cat", { args: [`/proc/${pid}/status`], stdout: "piped", stderr: "null" })
    .output().catch(() => null);
  const m = out?.success ? /VmHWM:\s+(\d+)\s+kB/.exec(new TextDecoder().decode(out.stdout)) : null;
  return m ? Number(m[1]) / 1024 : null;
}

/** Sample a process's peak RSS every `ms` until stopped; `peak()` is the largest VmHWM seen, in MB. */
export function rssSampler(pid: number, ms = 200): { peak: () => number | null; stop: () => Promise<void> } {
  let peak: number | null = null, running = true;
  const loop = (async () => {
    while (running) {
      const v = await peakRssOf(pid);
      if (v !== null) peak = Math.max(peak ?? 0, v);
      await new Promise((r) => setTimeout(r, ms));
    }
  })();
  return {
    peak: () => peak,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Artifacts to measure with: the given folder, or a synthetic seed MLP (random weights; speed does not depend on them). */
export async function benchArtifacts(ctx: BenchContext): Promise<{ dir: string; note: string; temp: boolean }> {
  if (ctx.artifacts) return { dir: ctx.artifacts, note: `artifacts ${ctx.artifacts}`, temp: false };
  await initBackend();
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-artifacts-" });
  const labels = ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"];
  const model = await withSeededRandom(1, () => buildOriginalMlp());
  await saveArtifacts(dir, {
    fitted: globalOnly(LEGACY_FAMILY, {
      model,
      scaler: { mean: new Array(195).fill(0), scale: new Array(195).fill(1) },
    }),
    labels,
    metadata: { feature_config: FEATURE_CONFIG } as unknown as ModelMetadata,
    labelSet: { merge: {}, labels: null },
  });
  return { dir, note: "a synthetic seed MLP (random weights, no gender model; --artifacts DIR for yours)", temp: true };
}

/**
 * Artifacts of a model family for the speed figures: the given folder when it holds that family, else the family fitted
 * for one epoch on random rows (its real architecture and ensemble, trained for every mode; speed does not depend on
 * the weights). The recommended family by default. With `rows` (real feature vectors), it is fitted on those (labels
 * dealt in turn), so its scaler matches real features — what numerical comparisons need.
 */
export async function familyArtifacts(
  ctx: BenchContext,
  family = DEFAULT_FAMILY.name,
  options: { rows?: Float32Array[] } = {},
): Promise<{ dir: string; note: string; temp: boolean }> {
  const f = modelFamily(family);
  if (ctx.artifacts) {
    const meta = JSON.parse(await Deno.readTextFile(`${ctx.artifacts}/model_metadata.json`));
    if ((meta.model_family ?? LEGACY_FAMILY.name) === f.name) {
      return { dir: ctx.artifacts, note: `artifacts ${ctx.artifacts}`, temp: false };
    }
  }
  await initBackend();
  const set = FEATURE_SETS[f.featureSet], n = 320, rng = mulberry32(7);
  const classes = ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"];
  const y = Int32Array.from({ length: n }, (_, i) => i % classes.length);
  const real = options.rows;
  const data = {
    x: real
      ? Float32Array.from(
        { length: n * set.count },
        (_, i) => real[Math.floor(i / set.count) % real.length][i % set.count],
      )
      : Float32Array.from({ length: n * set.count }, () => rng() * 2 - 1),
    dim: set.count,
    y,
    classes,
    speakers: Array.from({ length: n }, (_, i) => `s${i % 8}`),
    genders: Array.from({ length: n }, (_, i) => (i % 2 ? "male" : "female")),
    seconds: new Float64Array(n).fill(3),
  };
  const train = Array.from({ length: n }, (_, i) => i);
  const fitted = await f.fit(data, train, [], { seed: 1, epochs: 1, modes: f.defaultModes, log: () => {} });
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-family-" });
  await saveArtifacts(dir, {
    fitted,
    labels: classes,
    metadata: {
      model_family: f.name,
      feature_set: set.name,
      feature_config: set.config,
      modes: Object.keys(fitted.modes),
      enrolment: { label: "neutral", seconds: 10 },
      data_source: { kind: "real", root: real ? "bench clips" : "random rows", corpora: {} },
    } as unknown as ModelMetadata,
    labelSet: { merge: {}, labels: null },
  });
  f.dispose(fitted);
  const on = real ? `the clips' own ${real.length} feature vectors` : "random rows (speed only)";
  return { dir, note: `${f.name} fitted for one epoch on ${on}; --artifacts DIR for yours`, temp: true };
}

/**
 * `n` clips to measure on, spread evenly over the real corpus when there is one (sorted paths, every k-th), else
 * freshly written demo clips. Returns the paths and what they are.
 */
export async function benchClips(
  ctx: BenchContext,
  n: number,
): Promise<{ files: string[]; what: string; temp?: string }> {
  if (ctx.real) {
    const { files } = await listAudioFiles([ctx.real]);
    const sorted = [...files].sort();
    if (sorted.length >= n) {
      const step = sorted.length / n;
      const picked = Array.from({ length: n }, (_, i) => sorted[Math.floor(i * step + step / 2)]);
      return {
        files: picked,
        what: `${n} real clips from ${ctx.real} (every ${step.toFixed(1)}th of ${sorted.length})`,
      };
    }
  }
  const temp = await Deno.makeTempDir({ prefix: "ser-bench-clips-" });
  await writeDemoCorpus(temp, { limit: n });
  const { files } = await listAudioFiles([temp]);
  return { files: files.slice(0, n), what: `${n} SYNTHETIC demo clips (pass --real DIR for real speech)`, temp };
}

/** PYTHONPATH and interpreter for librosa from source, or null when not configured or not importable. */
export async function librosaPython(
  ctx: BenchContext,
): Promise<{ env: Record<string, string>; reason?: string } | null> {
  if (!ctx.librosa) return null;
  const env = { PYTHONPATH: [ctx.librosa, `${ctx.librosa}/shim`].join(":"), OMP_NUM_THREADS: "1" };
  const probe = await new Deno.Command("/usr/bin/python3", {
    args: ["-W", "ignore", "-c", "import librosa; print(librosa.__version__)"],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output().catch(() => null);
  if (!probe || probe.code !== 0) {
    return { env, reason: `librosa does not import from ${ctx.librosa} (see ../shared/librosa-reference/README.md)` };
  }
  return { env };
}
