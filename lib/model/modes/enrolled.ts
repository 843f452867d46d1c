import { rngFor, shuffle } from "../../random.ts";
import { centreRows, groupRows, speakerStats } from "./speaker_statistics.ts";
import { type Enrolment, requireSpeakers, type TrainingRows, type UseModeSpec } from "./use_mode.ts";

/**
 * The enrolment of a speaker from feature vectors of their everyday voice (clips, or windows of one recording).
 *
 * @param vectors Raw feature vectors of the model's feature set.
 * @param seconds Audio behind them, in seconds.
 * @throws {RangeError} If there are no vectors, their lengths differ, or a value is not finite.
 * @example
 * const e = enrolmentOf("pooled", [v1, v2, v3], 10.4);
 */
export function enrolmentOf(featureSet: string, vectors: readonly Float32Array[], seconds: number): Enrolment {
  if (vectors.length === 0) throw new RangeError("an enrolment needs at least one clip of the speaker's voice");
  const dim = vectors[0].length;
  const x = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new RangeError(`enrolment vectors differ in length (${v.length} vs ${dim})`);
    x.set(v, i * dim);
  });
  const mean = Float32Array.from(speakerStats(x, dim).mean);
  if (!mean.every(Number.isFinite)) throw new RangeError("the enrolment's features are not finite");
  return { featureSet, mean, clips: vectors.length, seconds };
}

/** Seconds of enrolment that earn its full weight: the enrolled models are trained on enrolments this long. */
export const FULL_ENROLMENT_SECONDS = 10;

/** The largest weight an enrolled answer gets (a full enrolment answers alone). */
export const MAX_ENROLMENT_WEIGHT = 1;

/**
 * How much an enrolment is trusted: `min(1, seconds / 10)`. An enrolled answer is `w · p_enrolled + (1 − w) · p_global`,
 * so a short enrolment — whose mean is noisy — shrinks towards the global model instead of misleading it: with 3 s
 * enrolments at full weight TESS's enrolled answers fell 4.7 points below its global ones; weighted, enrolled is above
 * global on every corpus (`docs/models.md`). A cap below 1 (always averaging with the global model) helped the model
 * trained without augmentation but cost the augmented default 2.6–5.7 points on three corpora, so a full enrolment
 * answers alone.
 *
 * @example
 * enrolmentWeight(10.4); // 1
 * enrolmentWeight(3); // 0.3
 */
export function enrolmentWeight(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0
    ? MAX_ENROLMENT_WEIGHT * Math.min(1, seconds / FULL_ENROLMENT_SECONDS)
    : 0;
}

/**
 * Which of a speaker's rows make their enrolment: reference-label rows in a seeded order until about `seconds` of
 * audio (at least one row); rows of unknown length count 3 s.
 *
 * @example
 * pickEnrolment([4, 9, 12], [3.1, 2.8, 3.4], 10, rng); // e.g. [9, 4, 12]
 */
export function pickEnrolment(
  candidates: readonly number[],
  seconds: ArrayLike<number>,
  budget: number,
  rng: () => number,
): number[] {
  const order = shuffle([...candidates], rng);
  const out: number[] = [];
  let total = 0;
  for (const r of order) {
    if (out.length && total >= budget) break;
    out.push(r);
    total += Number.isFinite(seconds[r]) ? seconds[r] : 3;
  }
  return out;
}

/**
 * `enrolled`: a short recording of the speaker's everyday voice. Every clip is centred on the mean of that
 * enrolment (`x − μ_enrol`), and the global scaler gives the spread: a per-speaker σ from ~10 s is noise.
 *
 * In training, each training speaker is centred on about `enrolment.seconds` of their own reference-label clips (a
 * seeded draw, as a user's enrolment would be); a speaker with no reference clip (TurEV-DB has `calm`, no `neutral`)
 * is centred on the mean of all their clips instead, and a note counts them.
 *
 * @example
 * ENROLLED_MODE.prepareUse(x, 676, { enrolments: [e, e, null] }).served; // [true, true, false]
 */
export const ENROLLED_MODE: UseModeSpec = {
  name: "enrolled",
  summary: "enrolled: each speaker centred on a short recording of their everyday voice",
  needs: "about 10 s of the speaker's everyday (neutral) voice",
  prepareTraining(rows: TrainingRows, { enrolment, seed }) {
    requireSpeakers(rows, "enrolled");
    const x = Float32Array.from(rows.x);
    const without: string[] = [];
    for (const [speaker, members] of groupRows(rows.speakers)) {
      const reference = members.filter((r) => rows.labels[r] === enrolment.label);
      const rng = rngFor(seed, `enrol:${speaker}`);
      const pick = reference.length ? pickEnrolment(reference, rows.seconds, enrolment.seconds, rng) : members;
      if (!reference.length) without.push(speaker);
      centreRows(x, rows.dim, speakerStats(rows.x, rows.dim, pick).mean, members);
    }
    const notes = without.length
      ? [
        `${without.length} training speakers have no "${enrolment.label}" clips (e.g. ${
          without[0]
        }): centred on the mean ` +
        "of all their clips instead",
      ]
      : [];
    return { x, notes };
  },
  prepareUse(x, dim, context) {
    const out = Float32Array.from(x);
    const n = x.length / dim;
    const served = new Array<boolean>(n).fill(false);
    (context.enrolments ?? []).forEach((e, r) => {
      if (!e) return;
      centreRows(out, dim, e.mean, [r]);
      served[r] = true;
    });
    const notes = served.every(Boolean)
      ? []
      : ["no enrolment for some clips' speakers: the global model answered for them"];
    return { x: out, served, notes };
  },
};
