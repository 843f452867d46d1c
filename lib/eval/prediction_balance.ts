/**
 * Collapse diagnostics: how a model's answers are spread over the labels, against the truth. A model that fails on a
 * new recording chain often does not spread its errors: it answers one label for most clips, or never answers a label
 * the clips hold (e.g. never `angry` for a corpus recorded 20 dB hotter than its training data).
 *
 * @module
 */

/** The spread of answers over labels, and what looks like a collapse. */
export interface PredictionBalance {
  /** Answers per label, in the order of `labels`. */
  predicted: number[];
  /** True labels per label (null when the truth is unknown, as for a recording's windows). */
  truth: number[] | null;
  /** The label answered most, and its share of the answers (0–1). */
  top: { label: string; share: number };
  /** Labels present in the truth (or, without one, any label) that were never answered. */
  neverPredicted: string[];
  /** A sentence when the spread looks like a collapse, else null. */
  warning: string | null;
}

/** Options for {@linkcode predictionBalance}. */
export interface PredictionBalanceOptions {
  /**
   * A label taking more than this share of the answers is a collapse when its true share is at most half of it (or
   * unknown). Default 0.5.
   */
  dominantShare?: number;
}

/**
 * The balance of answers in a confusion matrix (rows true, columns predicted).
 *
 * @param confusion `[K][K]` counts, rows the truth.
 * @param labels The K labels.
 * @example
 * predictionBalance([[0, 9], [0, 10]], ["angry", "sad"]).warning;
 * // "sad takes 100 % of the answers (53 % of the clips); never answered: angry"
 */
export function predictionBalance(
  confusion: readonly (readonly number[])[],
  labels: readonly string[],
  options: PredictionBalanceOptions = {},
): PredictionBalance {
  const truth = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = labels.map((_, j) => confusion.reduce((a, row) => a + (row[j] ?? 0), 0));
  return balanceOf(predicted, truth, labels, options);
}

/**
 * The balance of a list of answers with no truth (a recording's windows): a label taking most of them, or a label
 * never answered, is reported without judging it (one mood may be right).
 *
 * @example
 * answerBalance(["sad", "sad", "neutral"], ["angry", "neutral", "sad"]).neverPredicted; // ["angry"]
 */
export function answerBalance(
  answers: readonly string[],
  labels: readonly string[],
  options: PredictionBalanceOptions = {},
): PredictionBalance {
  const predicted = labels.map((l) => answers.filter((a) => a === l).length);
  return balanceOf(predicted, null, labels, options);
}

function balanceOf(
  predicted: number[],
  truth: number[] | null,
  labels: readonly string[],
  options: PredictionBalanceOptions,
): PredictionBalance {
  const limit = options.dominantShare ?? 0.5;
  const n = predicted.reduce((a, b) => a + b, 0), nTrue = truth?.reduce((a, b) => a + b, 0) ?? 0;
  let k = 0;
  predicted.forEach((c, j) => (c > predicted[k] ? (k = j) : 0));
  const share = n ? predicted[k] / n : 0;
  const trueShare = truth && nTrue ? truth[k] / nTrue : null;
  const neverPredicted = labels.filter((_, j) => predicted[j] === 0 && (truth ? truth[j] > 0 : true));
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  const parts: string[] = [];
  if (n && share > limit && (trueShare === null || trueShare <= share / 2)) {
    parts.push(
      `${labels[k]} takes ${pct(share)} of the answers${trueShare === null ? "" : ` (${pct(trueShare)} of the clips)`}`,
    );
  }
  if (n && truth && neverPredicted.length) parts.push(`never answered: ${neverPredicted.join(", ")}`);
  return {
    predicted,
    truth,
    top: { label: labels[k] ?? "", share },
    neverPredicted,
    warning: parts.length ? parts.join("; ") : null,
  };
}
