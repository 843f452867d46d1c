/**
 * `./ser cv`: cross-validation on real speech — speakers (`ravdess6`, `loso`) or whole corpora (`corpus`) held out —
 * with every use mode scored side by side on the same folds: per fold and mean ± sd of WA, UA and macro F1, the
 * confusion matrices, charts and a report in `--out` (default `outputs/cv`). Options: `./ser help cv`.
 *
 * @module
 */
import { join } from "node:path";
import { crossCorpusMatrix, crossValidate, cvLabel, writeCvOutputs, writeMatrixOutputs } from "$lib/pipeline/mod.ts";
import {
  choiceFlag,
  dataFlags,
  enrolmentFlags,
  familyFlag,
  intFlag,
  modesFlag,
  parseTask,
  recipeFlags,
  str,
} from "./task_args.ts";

const p = parseTask("cv");
const protocol = choiceFlag(p, "protocol", ["ravdess6", "loso", "corpus", "matrix"] as const)!;
const models = str(p, "model")?.split(",").map((m) => familyFlag(p, m)!).filter(Boolean);
const test = str(p, "test")?.split(",").map((t) => t.trim()).filter(Boolean);
if (test && protocol !== "corpus") {
  console.error(`./ser cv: --test names test corpora of --protocol corpus (this run is ${protocol})`);
  Deno.exit(2);
}
const seed = intFlag(p, "seed", 0)!;
const out = str(p, "out")!;
const started = new Date(), t0 = performance.now();
const f = (s: { mean: number; sd: number }) => `${(100 * s.mean).toFixed(1)} ± ${(100 * s.sd).toFixed(1)} %`;
const config = {
  dataDir: str(p, "data") ?? "dataset",
  demoFallback: str(p, "data") === undefined,
  test,
  models,
  modes: modesFlag(p),
  enrolment: enrolmentFlags(p),
  extraCorpora: p.values["extra-corpora"] === true,
  explain: p.values.explain === true,
  ...recipeFlags(p),
  seed,
  maxFolds: intFlag(p, "max-folds", 2),
  outputsDir: out,
  ...dataFlags(p),
  onFold: (
    e: { model: string; fold: number; folds: number; name: string; modes?: Record<string, { ua: number } | null> },
  ) => {
    if (!e.modes) return console.error(`cv: ${e.model} fold ${e.fold + 1}/${e.folds} (${e.name}) …`);
    const scores = Object.entries(e.modes).map(([m, s]) => `${m} ${s ? (100 * s.ua).toFixed(1) : "—"}`).join(", ");
    console.error(`cv: ${e.model} fold ${e.fold + 1}/${e.folds} (${e.name}): UA ${scores} %`);
  },
};
try {
  if (protocol === "matrix") {
    await matrix();
    Deno.exit(0);
  }
  const run = await crossValidate({ ...config, protocol });
  const files = await writeCvOutputs(run, out, join(out, "charts"), { seed, started, config: { ...p.values } });
  const source = run.source.kind === "synthetic" ? "the SYNTHETIC demo corpus" : run.source.root;
  console.log(
    `\nCross-validation (${run.protocol}) on ${source}, ${run.clips.tested} clips tested once each, in ${
      ((performance.now() - t0) / 1000).toFixed(0)
    } s:`,
  );
  for (const r of run.results) {
    for (const [m, s] of Object.entries(r.summary)) {
      const ci = s.uaInterval
        ? ` [${(100 * s.uaInterval.low).toFixed(1)}, ${(100 * s.uaInterval.high).toFixed(1)}]`
        : "";
      console.log(`  ${`${cvLabel(r)} · ${m}`.padEnd(34)} WA ${f(s.wa)}  UA ${f(s.ua)}${ci}  macro F1 ${f(s.f1)}`);
    }
    const worst = Object.entries(r.summary).map(([m, s]) =>
      `${m} ${(100 * s.worst.ua).toFixed(1)} % (${s.worst.fold})`
    );
    console.log(`  ${"".padEnd(34)} worst ${run.protocol === "corpus" ? "corpus" : "fold"}: ${worst.join(", ")}`);
    for (const fold of r.folds) {
      for (const [m, res] of Object.entries(fold.modes)) {
        if (res?.balance.warning) {
          console.log(`  warning: ${cvLabel(r)} · ${m} on ${fold.name}: ${res.balance.warning}`);
        }
      }
    }
    if (r.genderAccuracy) console.log(`  ${"".padEnd(34)} gender ${f(r.genderAccuracy)}`);
    const epochs = r.folds.map((x) => x.bestEpoch).sort((a, b) => a - b);
    console.log(`  ${"".padEnd(34)} best epoch per fold: ${epochs.join(", ")}`);
  }
  for (const c of run.comparisons) {
    const d = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}`;
    console.log(
      `  ${c.b} vs ${c.a} · ${c.mode}: UA ${d(c.difference.estimate)} [${d(c.difference.low)}, ${
        d(c.difference.high)
      }] points, p ${c.p.toFixed(3)}`,
    );
  }
  for (const n of run.notes) console.log(`  note: ${n}`);
  for (const r of run.results) for (const n of r.notes) console.log(`  note (${r.model}): ${n}`);
  console.log(
    `  outputs: ${files.results}, ${files.summary}, ${files.predictions}, ${files.report}, charts in ${
      join(out, "charts")
    }/`,
  );
} catch (e) {
  console.error(`./ser cv failed: ${(e as Error).message}`);
  Deno.exit(1);
}

/** `--protocol matrix`: each corpus trained on alone, tested on every corpus; the table per mode, its summary. */
async function matrix(): Promise<void> {
  const run = await crossCorpusMatrix(config);
  const files = await writeMatrixOutputs(run, out, join(out, "charts"), { seed, config: { ...p.values } });
  const pc = (x: number | null | undefined) => (typeof x === "number" ? (100 * x).toFixed(1).padStart(6) : "     —");
  console.log(
    `\nCross-corpus matrix (${run.model}), UA %: rows trained on, columns tested on, in ${run.seconds.toFixed(0)} s`,
  );
  for (const m of run.modes) {
    console.log(
      `\n  ${m}${" ".repeat(Math.max(1, 12 - m.length))}${run.corpora.map((c) => c.slice(0, 6).padStart(7)).join("")}`,
    );
    for (const tr of run.corpora) {
      const row = run.corpora.map((te) => pc(run.cells.find((c) => c.train === tr && c.test === te)?.ua[m]));
      console.log(`  ${tr.slice(0, 11).padEnd(12)} ${row.join(" ")}`);
    }
    const s = run.summary[m];
    if (s) {
      console.log(
        `  mean off the diagonal ${(100 * s.offDiagonal).toFixed(1)} %; worst ${s.worst.train} → ${s.worst.test} ${
          (100 * s.worst.ua).toFixed(1)
        } %`,
      );
    }
  }
  console.log(`\n  outputs: ${files.csv}, ${files.summary}, ${files.report}, charts in ${join(out, "charts")}/`);
}
