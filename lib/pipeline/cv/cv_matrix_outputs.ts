/**
 * The cross-corpus matrix's outputs: `cv_matrix.csv` (a row per cell and mode), `cv_matrix.json` (the cells, the mean
 * off the diagonal and the worst cell per mode), a heat map per mode (`18_cv_matrix_<mode>`) and `report.html`.
 *
 * @module
 */
import { join } from "node:path";
import { cvMatrixChart, renderRunReport } from "../../charts/mod.ts";
import { writeCsv, writeFileAtomic } from "../../io/mod.ts";
import { USE_MODES } from "../../model/mod.ts";
import type { MatrixRun } from "./cv_matrix.ts";

const pct = (x: number | null | undefined) => (typeof x === "number" ? `${(100 * x).toFixed(1)} %` : "—");

/**
 * Write a matrix run into `dir` (charts into `chartsDir`).
 *
 * @returns The paths written.
 * @example
 * await writeMatrixOutputs(await crossCorpusMatrix({ dataDir }), "outputs/cv", "outputs/cv/charts", { seed: 42 });
 */
export async function writeMatrixOutputs(
  run: MatrixRun,
  dir: string,
  chartsDir: string,
  meta: { seed: number; config: Record<string, unknown> },
): Promise<{ csv: string; summary: string; report: string }> {
  const paths = {
    csv: join(dir, "cv_matrix.csv"),
    summary: join(dir, "cv_matrix.json"),
    report: join(dir, "report.html"),
  };
  await Deno.mkdir(dir, { recursive: true });
  await writeCsv(
    paths.csv,
    ["train_corpus", "test_corpus", "diagonal", "mode", "ua", "clips", "unlearnable_clips", "collapse"],
    run.cells.flatMap((c) =>
      run.modes.map((
        m,
      ) => [c.train, c.test, c.train === c.test, m, c.ua[m] ?? null, c.clips, c.unlearnable, c.collapse[m] ?? ""])
    ),
  );
  const summary = {
    protocol: "matrix",
    model: run.model,
    corpora: run.corpora,
    classes: run.classes,
    modes: Object.fromEntries(
      Object.entries(run.summary).map(([m, s]) => [m, {
        off_diagonal_mean_ua: s.offDiagonal,
        worst: s.worst,
      }]),
    ),
    cells: run.cells,
    notes: run.notes,
    seed: meta.seed,
    config: meta.config,
    seconds: run.seconds,
  };
  await writeFileAtomic(paths.summary, JSON.stringify(summary, null, 2));
  const charts = run.modes.map((m) =>
    cvMatrixChart(run.cells.map((c) => ({ train: c.train, test: c.test, ua: c.ua[m] ?? null })), {
      mode: m,
      chance: 1 / run.classes.length,
    })
  );
  for (const ch of charts) await ch.save(chartsDir);
  await writeFileAtomic(
    paths.report,
    renderRunReport({
      title: `Cross-corpus matrix — ${run.model}`,
      summary: [
        ["Corpora", run.corpora.join(", ")],
        ["Labels", run.classes.join(", ")],
        ["Protocol", run.notes.join("; ")],
        ["Seed", String(meta.seed)],
        ["Time", `${run.seconds.toFixed(0)} s`],
      ],
      tables: [{
        caption: "Per mode: mean UA off the diagonal and the worst cell (trained on → tested on)",
        columns: ["mode", "mean off-diagonal UA", "worst cell", "worst UA"],
        rows: Object.entries(run.summary).map(([m, s]) => [
          USE_MODES[m as keyof typeof USE_MODES].summary,
          pct(s.offDiagonal),
          `${s.worst.train} → ${s.worst.test}`,
          pct(s.worst.ua),
        ]),
      }],
      charts,
      skipped: [],
      skippedFile: join(dir, "skipped.csv"),
    }),
  );
  return paths;
}
