/**
 * Uncertainty on a result, resampling speakers rather than clips: the clips of one speaker are not independent (their
 * voice, microphone and session are shared), so a confidence interval that resamples clips is too narrow.
 *
 * - `bootstrapUa`: the percentile interval of UA (or, for clips with folds, of the mean of the folds' UA) (unweighted accuracy, the mean of per-class recalls) over B resamples
 *   of the speakers with replacement, each resample scoring every clip of each drawn speaker (a speaker drawn twice
 *   counts twice) — the cluster bootstrap (Field & Welsh 2007).
 * - `pairedComparison`: two systems scored on the same clips; the difference in UA (b − a) with its interval from the
 *   same speaker resamples for both, and a two-sided p-value, `2 · min(P*(Δ ≤ 0), P*(Δ ≥ 0))` over the resamples
 *   (with one added to both counts, so that it is never 0).
 *
 * Resamples are drawn with mulberry32 from `seed`: speaker `⌊u · S⌋` for each of S draws, B times, in the order of the
 * speakers' first appearance. Percentiles as numpy's (linear interpolation).
 *
 * @module
 */
import { mulberry32 } from "../random.ts";

/** One scored clip: its speaker, its true label and the predicted one (indices into the labels). */
export interface ScoredClip {
  speaker: string;
  truth: number;
  predicted: number;
  /**
   * The fold that tested it, when the result is a mean over folds (cross-validation): speakers are then resampled
   * within their fold, and each resample's statistic is the mean of the folds' UA, as the headline figure is.
   */
  fold?: string;
}

/** An estimate and its percentile interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Options for the bootstrap. */
export interface BootstrapOptions {
  /** Resamples. Default 1000. */
  resamples?: number;
  /** Coverage of the interval. Default 0.95. */
  level?: number;
  /** Seed of the resamples. Default 42. */
  seed?: number;
}

/** UA of a set of (truth, predicted) counts per class: the mean recall over classes present in the truth. */
function uaOf(correct: Float64Array, total: Float64Array): number {
  let s = 0, k = 0;
  for (let c = 0; c < total.length; c++) {
    if (total[c] > 0) s += correct[c] / total[c], k++;
  }
  return k ? s / k : 0;
}

/** Per speaker, per class: clips and correct answers (for each system given). */
function perSpeaker(clips: readonly (readonly ScoredClip[])[], classes: number) {
  const order: string[] = [], index = new Map<string, number>();
  for (const c of clips[0]) if (!index.has(c.speaker)) index.set(c.speaker, order.push(c.speaker) - 1);
  const S = order.length;
  const total = new Float64Array(S * classes);
  const correct = clips.map(() => new Float64Array(S * classes));
  clips[0].forEach((c, i) => {
    const s = index.get(c.speaker)!;
    total[s * classes + c.truth]++;
    clips.forEach((sys, j) => (correct[j][s * classes + c.truth] += sys[i].predicted === c.truth ? 1 : 0));
  });
  return { S, total, correct };
}

/** The clips of each fold (one group without folds), in order of first appearance. */
function byFold(clips: readonly (readonly ScoredClip[])[]): number[][] {
  const groups = new Map<string, number[]>();
  clips[0].forEach((c, i) => {
    const f = c.fold ?? "";
    if (!groups.has(f)) groups.set(f, []);
    groups.get(f)!.push(i);
  });
  return [...groups.values()];
}

/**
 * Each system's statistic on B resamples (the same resamples for every system): speakers drawn with replacement
 * within each fold, UA per fold, averaged over folds.
 */
function resampledUa(clips: readonly (readonly ScoredClip[])[], classes: number, o: BootstrapOptions): number[][] {
  const folds = byFold(clips).map((rows) => perSpeaker(clips.map((sys) => rows.map((i) => sys[i])), classes));
  const B = o.resamples ?? 1000, rng = mulberry32(o.seed ?? 42);
  const out = clips.map(() => new Array<number>(B).fill(0));
  const t = new Float64Array(classes), c = clips.map(() => new Float64Array(classes));
  for (let b = 0; b < B; b++) {
    for (const { S, total, correct } of folds) {
      t.fill(0);
      c.forEach((x) => x.fill(0));
      for (let d = 0; d < S; d++) {
        const s = Math.floor(rng() * S);
        for (let k = 0; k < classes; k++) {
          t[k] += total[s * classes + k];
          c.forEach((x, j) => (x[k] += correct[j][s * classes + k]));
        }
      }
      c.forEach((x, j) => (out[j][b] += uaOf(x, t) / folds.length));
    }
  }
  return out;
}

/** The statistic itself: UA, or with folds the mean of the folds' UA. */
function statistic(clips: readonly ScoredClip[], classes: number): number {
  const folds = byFold([clips]);
  return folds.reduce((s, rows) => s + unweightedAccuracy(rows.map((i) => clips[i]), classes), 0) / folds.length;
}

/** numpy's `percentile(values, p)` (linear interpolation). */
export function percentile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  const at = (p / 100) * (v.length - 1), lo = Math.floor(at), hi = Math.ceil(at);
  return v[lo] + (v[hi] - v[lo]) * (at - lo);
}

/** UA of clips (the whole set). */
export function unweightedAccuracy(clips: readonly ScoredClip[], classes: number): number {
  const total = new Float64Array(classes), correct = new Float64Array(classes);
  for (const c of clips) total[c.truth]++, correct[c.truth] += c.predicted === c.truth ? 1 : 0;
  return uaOf(correct, total);
}

function check(clips: readonly ScoredClip[], classes: number): void {
  if (!clips.length) throw new RangeError("a bootstrap needs at least one scored clip");
  for (const c of clips) {
    if (!(c.truth >= 0 && c.truth < classes && c.predicted < classes)) {
      throw new RangeError(`a clip's labels must be in 0–${classes - 1}: received truth ${c.truth}, ${c.predicted}`);
    }
  }
}

/**
 * UA with its speaker-bootstrap percentile interval.
 *
 * @param clips Scored clips (a predicted index < 0 counts as wrong).
 * @param classes Number of labels.
 * @throws {RangeError} Without clips, or with a label out of range.
 * @example
 * bootstrapUa(clips, 7, { resamples: 1000 }); // { estimate: 0.41, low: 0.37, high: 0.45 }
 */
export function bootstrapUa(clips: readonly ScoredClip[], classes: number, options: BootstrapOptions = {}): Interval {
  check(clips, classes);
  const [ua] = resampledUa([clips], classes, options), a = (1 - (options.level ?? 0.95)) / 2;
  return {
    estimate: statistic(clips, classes),
    low: percentile(ua, 100 * a),
    high: percentile(ua, 100 * (1 - a)),
  };
}

/** A paired comparison of two systems on the same clips. */
export interface PairedComparison {
  /** UA of each. */
  a: number;
  b: number;
  /** b − a, with its interval. */
  difference: Interval;
  /** Two-sided bootstrap p-value of "no difference". */
  p: number;
}

/**
 * Compare system b with system a on the same clips (same order, same speakers and truths).
 *
 * @throws {RangeError} If the two lists differ in length, speakers or truths.
 * @example
 * const c = pairedComparison(defaultRun, svmRun, 7);
 * if (c.p < 0.05) console.log(`b is ${c.difference.estimate > 0 ? "better" : "worse"}`);
 */
export function pairedComparison(
  a: readonly ScoredClip[],
  b: readonly ScoredClip[],
  classes: number,
  options: BootstrapOptions = {},
): PairedComparison {
  check(a, classes);
  if (a.length !== b.length || a.some((c, i) => c.speaker !== b[i].speaker || c.truth !== b[i].truth)) {
    throw new RangeError("a paired comparison needs the same clips, in the same order, for both systems");
  }
  const [ra, rb] = resampledUa([a, b], classes, options);
  const d = ra.map((x, i) => rb[i] - x), al = (1 - (options.level ?? 0.95)) / 2;
  const ua = statistic(a, classes), ub = statistic(b, classes);
  const below = d.filter((x) => x <= 0).length, above = d.filter((x) => x >= 0).length;
  const p = Math.min(1, (2 * (Math.min(below, above) + 1)) / (d.length + 1));
  return {
    a: ua,
    b: ub,
    difference: { estimate: ub - ua, low: percentile(d, 100 * al), high: percentile(d, 100 * (1 - al)) },
    p,
  };
}
