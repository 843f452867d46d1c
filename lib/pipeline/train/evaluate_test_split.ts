/**
 * The test split of a trained run, scored: every trained mode side by side (`scoreModes`), the global model's
 * probabilities and loss for the per-clip outputs, and the gender model's accuracy.
 *
 * @module
 */
import { type ClassificationReport, classificationReport, foldScores } from "../../eval/mod.ts";
import { DEFAULT_ENROLMENT } from "../../model/mod.ts";
import type { PipelineConfig, PreparedData } from "./config.ts";
import { type ModeScore, scoreModes } from "./score_modes.ts";
import { partRows, type TrainedRun } from "./train_stage.ts";

/** What evaluation found on the test split. */
export interface TestEvaluation {
  /** Test rows (indices into the prepared data). */
  rows: number[];
  /** The global mode's probabilities per test row `[rows][classes]`, and its accuracy, UA, loss and report. */
  probabilities: Float32Array;
  predicted: Int32Array;
  accuracy: number;
  ua: number;
  loss: number;
  report: ClassificationReport;
  confusion: number[][];
  /** Every trained mode on the same clips. */
  modes: ModeScore[];
  /** Gender accuracy on the test clips whose gender is known, when there is a gender model. */
  genderAccuracy: number | null;
}

function take(x: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(x.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

/** Cross-entropy of the true classes' probabilities, clipped as Keras does. */
function logLoss(probabilities: Float32Array, y: ArrayLike<number>, K: number): number {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, probabilities[i * K + y[i]])));
  return loss / Math.max(1, y.length);
}

/** Share of test clips of known gender whose gender the model gets right. */
function genderAccuracyOf(data: PreparedData, run: TrainedRun, rows: number[], x: Float32Array): number | null {
  const f = run.fitted, g = f.family.predictGender(f, x);
  if (!g || !f.gender) return null;
  const known = rows.map((r, i) => [i, f.gender!.classes.indexOf(data.rows[r].gender)]).filter(([, c]) => c >= 0);
  if (!known.length) return null;
  return known.filter(([i, c]) => (g[2 * i + 1] > g[2 * i] ? 1 : 0) === c).length / known.length;
}

/**
 * Score a trained run on its test split.
 *
 * @example
 * const ev = evaluateTestSplit(data, run);
 * ev.modes.map((m) => [m.mode, m.scores?.ua]);
 */
export function evaluateTestSplit(data: PreparedData, run: TrainedRun, config: PipelineConfig = {}): TestEvaluation {
  const rows = partRows(data, "test"), dim = data.table.dim, K = data.classes.length;
  const x = take(data.table.data, dim, rows);
  const y = Int32Array.from(rows, (r) => data.y[r]);
  const f = run.fitted;
  const p = f.family.predict(f, x, "global");
  const modes = scoreModes(
    f,
    {
      x: data.table.data,
      dim,
      y: data.y,
      classes: data.classes,
      speakers: data.rows.map((r) => r.speaker),
      seconds: data.seconds,
    },
    rows,
    { enrolment: f.enrolment ?? config.enrolment ?? DEFAULT_ENROLMENT, seed: config.seed ?? 42 },
  );
  const global = modes[0];
  const confusion = global.confusion;
  return {
    rows,
    probabilities: p.probabilities,
    predicted: global.predicted,
    accuracy: foldScores(confusion).wa,
    ua: foldScores(confusion).ua,
    loss: logLoss(p.probabilities, y, K),
    report: classificationReport(confusion, data.classes),
    confusion,
    modes,
    genderAccuracy: genderAccuracyOf(data, run, rows, x),
  };
}
