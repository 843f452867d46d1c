import { ravdessFold, SplitError } from "./split.ts";

/**
 * Cross-validation folds: which clips each fold tests, for the speaker-independent protocols and leave-one-corpus-out.
 *
 * @module
 */

/** Cross-validation protocols. */
export type CvProtocol = "ravdess6" | "loso" | "corpus";

/** A corpus name as `--test` compares it: lower case, letters and digits only (`EMO-DB` = `emodb`). */
export function corpusKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Folds of a cross-validation: per clip, the fold it is tested in (−1: training side only). */
export interface CvFolds {
  fold: number[];
  /** A name per fold, e.g. `actors 01–04` or `speaker SAVEE DC`. */
  names: string[];
  /** Rules applied, in words. */
  notes: string[];
}

/**
 * Speaker-independent folds:
 * - `ravdess6` (EmoBox's protocol): RAVDESS actors 1–4, 5–8, …, 21–24 are the six test folds; clips of other corpora
 *   are on the training side of every fold when `extraCorpora` is set, and left out otherwise.
 * - `corpus`: leave one corpus out — each corpus (or each named in `test`, compared by {@linkcode corpusKey}) is tested
 *   in turn, trained on every other corpus found; fold k's training side is every clip not of its corpus.
 * - `loso`: leave one speaker out, for every corpus with at least three speakers; with more speakers than
 *   `maxFolds`, speakers are dealt round-robin (in sorted order) into `maxFolds` groups (CREMA-D's 91 actors → 10 folds).
 *   Corpora with fewer speakers (TESS) are training side only, with `extraCorpora`.
 *
 * @param rows Per clip: corpus, speaker and (RAVDESS) the actor field.
 * @throws {SplitError} If no clip can be tested, (loso) a clip's speaker is unknown, or (corpus) a `test` name is not a
 *   corpus found or there is no other corpus to train on.
 * @example
 * const { fold } = cvFolds(entries, "ravdess6");
 */
export function cvFolds(
  rows: readonly { corpus: string; speaker: string; fields: Record<string, string> }[],
  protocol: CvProtocol,
  options: { extraCorpora?: boolean; maxFolds?: number; test?: readonly string[] } = {},
): CvFolds {
  const { extraCorpora = false, maxFolds = 10 } = options;
  if (protocol === "corpus") return corpusFolds(rows, options.test);
  const fold = new Array<number>(rows.length).fill(-2); // −2: left out, −1: train only
  const notes: string[] = [];
  let names: string[] = [];
  if (protocol === "ravdess6") {
    rows.forEach((r, i) => {
      if (r.corpus === "RAVDESS" && r.fields.actor) fold[i] = ravdessFold(Number(r.fields.actor));
      else if (extraCorpora) fold[i] = -1;
    });
    names = Array.from(
      { length: 6 },
      (_, k) => `actors ${String(4 * k + 1).padStart(2, "0")}–${String(4 * k + 4).padStart(2, "0")}`,
    );
    notes.push("ravdess6: RAVDESS actors in folds of four (1–4, …, 21–24); each fold tests on its 4 actors");
  } else {
    const byCorpus = new Map<string, string[]>();
    rows.forEach((r) => {
      if (!r.speaker) throw new SplitError(`loso needs every clip's speaker; a clip of ${r.corpus} has none`);
      const l = byCorpus.get(r.corpus) ?? [];
      if (!l.includes(r.speaker)) l.push(r.speaker);
      byCorpus.set(r.corpus, l);
    });
    const groupOf = new Map<string, number>();
    for (const [corpus, speakers] of [...byCorpus].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (speakers.length < 3) {
        notes.push(
          `${corpus}: ${speakers.length} speakers, too few to leave one out${
            extraCorpora ? "; training side" : "; left out"
          }`,
        );
        continue;
      }
      const sorted = [...speakers].sort();
      const k = Math.min(maxFolds, sorted.length);
      const base = names.length;
      for (let g = 0; g < k; g++) {
        const members = sorted.filter((_, i) => i % k === g);
        names.push(
          members.length === 1 ? `${corpus} ${members[0]}` : `${corpus} ${members.length} speakers (${members[0]}, …)`,
        );
      }
      sorted.forEach((s, i) => groupOf.set(`${corpus}\u0000${s}`, base + (i % k)));
      notes.push(`${corpus}: ${sorted.length} speakers in ${k} folds`);
    }
    rows.forEach((r, i) => {
      const g = groupOf.get(`${r.corpus}\u0000${r.speaker}`);
      fold[i] = g ?? (extraCorpora ? -1 : -2);
    });
  }
  if (!fold.some((f) => f >= 0)) {
    throw new SplitError(
      protocol === "ravdess6"
        ? "ravdess6 needs RAVDESS clips (with actor numbers); none were found"
        : "loso needs a corpus with at least three speakers",
    );
  }
  return { fold, names, notes };
}

/** Leave-one-corpus-out folds (see {@linkcode cvFolds}). */
function corpusFolds(rows: readonly { corpus: string }[], test?: readonly string[]): CvFolds {
  const corpora = [...new Set(rows.map((r) => r.corpus))].sort();
  const byKey = new Map(corpora.map((c) => [corpusKey(c), c]));
  const names = test?.length
    ? test.map((t) => {
      const c = byKey.get(corpusKey(t));
      if (!c) throw new SplitError(`--test ${t}: no such corpus under the data folder (found ${corpora.join(", ")})`);
      return c;
    })
    : corpora;
  if (corpora.length < 2) {
    throw new SplitError(`the corpus protocol needs at least two corpora (found ${corpora.join(", ") || "none"})`);
  }
  const index = new Map(names.map((c, k) => [c, k]));
  const fold = rows.map((r) => index.get(r.corpus) ?? -1);
  return {
    fold,
    names,
    notes: [
      `corpus: leave one corpus out over ${corpora.join(", ")}; tested in turn: ${names.join(", ")}; each trains on ` +
      "every other corpus",
    ],
  };
}
