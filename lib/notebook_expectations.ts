/**
 * Support for the Deno-kernel notebooks: type-checking their code cells, and the outputs each notebook must
 * produce when executed (checked by `deno task notebooks`).
 *
 * @module
 */
import { basename, join } from "node:path";
import { PATHS } from "./paths.ts";

/** A code cell's outputs as the executor reports them. */
export interface CellOutput {
  type: "stream" | "display_data" | "execute_result" | "error";
  mime?: string[];
  text?: string;
}

/** One executed notebook, as `tools/execute_notebooks.py` reports it. */
export interface NotebookRun {
  notebook: string;
  seconds: number;
  error: string | null;
  cells: { index: number; outputs: CellOutput[] }[];
}

/** Something a notebook's outputs must contain. */
export type Expectation =
  | { kind: "mime"; mime: string; atLeast: number; what: string }
  | { kind: "text"; pattern: RegExp; what: string };

const svg = (n: number, what: string): Expectation => ({ kind: "mime", mime: "image/svg+xml", atLeast: n, what });
const html = (n: number, what: string): Expectation => ({ kind: "mime", mime: "text/html", atLeast: n, what });
const text = (pattern: RegExp, what: string): Expectation => ({ kind: "text", pattern, what });

/** The outputs each notebook must produce. */
export const notebookExpectations: Record<string, Expectation[]> = {
  "01_data_exploration": [
    text(/labelled clips, \d+ skipped files/, "discovery summary"),
    html(4, "corpus and skip tables, audio player, own-data table"),
    svg(5, "EDA charts and the clip analysis"),
    text(/\d+ labelled clips from metadata\.csv; classes angry, happy, sad/, "one's own data read with merged labels"),
  ],
  "02_feature_extraction": [
    text(/195 features in [\d.]+ ms/, "one clip's extraction"),
    text(/clips with features; \d+ from cache/, "corpus extraction summary"),
    html(3, "feature, meyda descriptor and split tables"),
    svg(1, "feature distributions chart"),
  ],
  "03_training": [
    html(1, "model summary table"),
    text(/total 277,192 parameters/, "parameter count"),
    text(/epoch +\d+\/100/, "per-epoch progress"),
    text(/kept epoch \d+/, "training summary"),
    svg(1, "training history chart"),
  ],
  "04_evaluation": [
    text(/test accuracy [\d.]+ %/, "test accuracy"),
    html(1, "classification report"),
    svg(4, "confusion matrices and per-class charts"),
    text(/file summary/i, "file summary"),
  ],
  "05_prediction": [
    text(/model trained on/, "model provenance"),
    svg(2, "audio analysis and timeline charts"),
    text(/\d+ predicted, \d+ failed/, "batch summary"),
    text(
      /timeline: 120 s in [\d.]+ s \(\d+× real time\), \d+ windows, \d+ segments/,
      "the timeline of a long recording",
    ),
    text(/enrolled \S+ from \d+ recordings \([\d.]+ s of voiced speech\)/, "a speaker enrolled"),
    text(/imported from Keras 3\.\d+\.\d+: 277,192 parameters/, "the seed's Keras model imported"),
    html(5, "probability, batch, enrolment, segment and seed-model tables"),
    text(/on-device site: \d+ files, [\d.]+ MB \([\d.]+ MB gzipped\)/, "the on-device site built"),
    text(/the on-device site: http:\/\/127\.0\.0\.1:\d+\//, "the on-device site shown in the cell (an iframe)"),
  ],
  "06_cross_validation": [
    text(/pooled-mlp fold \d+\/\d+ \(actors/, "per-fold progress"),
    text(/\d+ clips tested once each/, "coverage"),
    text(
      /fold \d+\/\d+ \(actors .*\): UA global [\d.]+, enrolled [\d.]+, transductive [\d.]+ %/,
      "every mode per fold",
    ),
    html(1, "mean-over-folds table"),
    svg(4, "per-fold chart and each mode's summed confusion"),
    text(/written: .*cv_results\.csv/, "outputs written"),
  ],
  "07_a_new_voice": [
    text(
      /holding out \S+ \(\d+\/\d+\): UA global [\d.]+, enrolled (?:[\d.]+|—), transductive [\d.]+ %/,
      "every held-out corpus in every mode",
    ),
    text(/clips of \d+ corpora tested once each/, "coverage"),
    text(/clips projected; PC 1 \+ PC 2 explain \d+ % as measured, \d+ % each speaker standardised/, "the projection"),
    text(/\d+ clips embedded by UMAP/, "the UMAP projection"),
    html(5, "the per-corpus table and audio players of misclassified clips"),
    svg(8, "per-speaker accuracy, three PCA projections, a UMAP one and each mode's confusions"),
    text(/written: .*cv_results\.csv/, "outputs written"),
  ],
  "08_an_experiment": [
    text(/cell 1\/2 corpus__pooled-mlp__aug0__seed42: UA global [\d.]+, enrolled [\d.]+ %/, "each cell as it ends"),
    text(/2 cells \(/, "the grid ran"),
    html(1, "the results table"),
    svg(1, "the experiment chart"),
    text(/written: .*results\.csv/, "outputs written"),
  ],
};

/**
 * Check an executed notebook: no cell errors, and every expectation met.
 *
 * @returns Problems in words; empty when the notebook is fine.
 */
export function verifyNotebookRun(run: NotebookRun, expectations: readonly Expectation[]): string[] {
  const problems: string[] = [];
  if (run.error) problems.push(`execution failed: ${run.error}`);
  const outputs = run.cells.flatMap((c) => c.outputs);
  for (const o of outputs) if (o.type === "error") problems.push(`cell error: ${o.text}`);
  const allText = outputs.map((o) => o.text ?? "").join("\n");
  for (const e of expectations) {
    if (e.kind === "mime") {
      const n = outputs.filter((o) => o.mime?.includes(e.mime)).length;
      if (n < e.atLeast) problems.push(`expected ≥ ${e.atLeast} ${e.mime} outputs (${e.what}), found ${n}`);
    } else if (!e.pattern.test(allText)) {
      problems.push(`expected output matching ${e.pattern} (${e.what})`);
    }
  }
  return problems;
}

/** The code cells of a notebook, in order, as one TypeScript module. */
export async function notebookCode(path: string): Promise<string> {
  const nb = JSON.parse(await Deno.readTextFile(path));
  const cells = (nb.cells as { cell_type: string; source: string[] | string }[]).filter((c) => c.cell_type === "code");
  return cells.map((c, i) => `// --- cell ${i + 1}\n${Array.isArray(c.source) ? c.source.join("") : c.source}`).join(
    "\n\n",
  ) + "\nexport {};\n";
}

/**
 * Type-check notebooks: write each one's code cells to a temporary `<name>.ts` (outside the project, whose `.cache`
 * is excluded from checking) and run `deno check` on them with the project's import map.
 *
 * @returns Whether the check passed, and deno's output.
 */
export async function checkNotebooks(paths: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const dir = await Deno.makeTempDir({ prefix: "ser-notebook-check-" });
  const files: string[] = [];
  for (const p of paths) {
    const f = join(dir, basename(p).replace(/\.ipynb$/, ".ts"));
    await Deno.writeTextFile(f, await notebookCode(p));
    files.push(f);
  }
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--config", join(PATHS.root, "deno.json"), ...files],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  await Deno.remove(dir, { recursive: true });
  const dec = new TextDecoder();
  const output = dec.decode(r.stdout) + dec.decode(r.stderr);
  return { ok: r.code === 0 && !/No matching files/.test(output), output };
}
