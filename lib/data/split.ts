import { mulberry32, type Rng, rngFor, shuffle } from "../random.ts";

/** Which part of the data a clip belongs to. */
export type SplitName = "train" | "val" | "test";

/** Options for {@linkcode seedSplit}. */
export interface SeedSplitOptions {
  /** Seed. Default 42 (the seed notebook's `random_state`). */
  seed?: number;
  /** Fraction held out of training, later halved into val and test. Default 0.3. */
  testSize?: number;
}

/**
 * The seed notebook's split: `train_test_split(test_size=0.3, stratify=y)`, then the held-out 30 % split 50/50 into
 * validation and test **without** stratification (NOTES.md). Sizes follow scikit-learn: `⌈0.3 n⌉` held out, of
 * which `⌈½ m⌉` are test. The first split allocates training rows to classes in proportion to their counts (floor,
 * then largest remainders). It is a random clip-level split: the same speakers appear in train and test.
 *
 * The permutation comes from this project's seeded generator, not NumPy's, so the exact membership differs from
 * scikit-learn's while the sizes and stratification are the same.
 *
 * @param labels Class label per clip.
 * @returns Split name per clip.
 * @throws {RangeError} If `testSize` is not in (0, 1) or there are fewer than 3 clips.
 * @example
 * const split = seedSplit(entries.map((e) => e.emotion));
 */
export function seedSplit(labels: readonly string[], options: SeedSplitOptions = {}): SplitName[] {
  const { seed = 42, testSize = 0.3 } = options;
  const n = labels.length;
  if (!(testSize > 0 && testSize < 1)) throw new RangeError(`\`testSize\` must be in (0, 1): received ${testSize}`);
  if (n < 3) throw new RangeError(`a train/val/test split needs at least 3 clips: received ${n}`);
  const rng = mulberry32(seed);
  const nHeld = Math.ceil(testSize * n), nTrain = n - nHeld;
  const classes = [...new Set(labels)].sort();
  const members = new Map(classes.map((c) => [c, [] as number[]]));
  labels.forEach((l, i) => members.get(l)!.push(i));
  // Allocate training rows per class: floor of the proportional share, then the largest remainders.
  const share = classes.map((c) => (members.get(c)!.length * nTrain) / n);
  const alloc = share.map(Math.floor);
  const order = classes.map((_, i) => i).sort((a, b) => (share[b] - alloc[b]) - (share[a] - alloc[a]) || a - b);
  for (let k = 0, left = nTrain - alloc.reduce((s, x) => s + x, 0); left > 0; k++, left--) {
    alloc[order[k % order.length]]++;
  }
  const out = new Array<SplitName>(n);
  const held: number[] = [];
  classes.forEach((c, ci) => {
    const idx = shuffle([...members.get(c)!], rng);
    idx.forEach((i, k) => (k < alloc[ci] ? (out[i] = "train") : held.push(i)));
  });
  held.sort((a, b) => a - b);
  shuffle(held, rng);
  const nTest = Math.ceil(0.5 * held.length);
  held.forEach((i, k) => (out[i] = k < nTest ? "test" : "val"));
  return out;
}

/** A speaker-independent split and the rules it applied. */
export interface SpeakerSplit {
  /** Split name per clip. */
  split: SplitName[];
  /** Held-out speakers per corpus and any special rule used, in words. */
  notes: string[];
}

/**
 * A speaker-independent split: whole speakers are held out of training, corpus by corpus, so that test speakers are
 * never heard in training.
 *
 * Rules per corpus, after a seeded shuffle of its speakers:
 * - 3 or more speakers: `max(1, round(0.15 n))` speakers for test, as many for validation, the rest train.
 * - 2 speakers (TESS): one trains; the other's clips are split 50/50 at random between validation and test, so val
 *   and test share that speaker but never meet training.
 * - 1 speaker: all clips train, and a note says the corpus is not evaluated.
 *
 * @param speakers Speaker id per clip (unique across corpora, e.g. `ravdess_01`).
 * @param corpora Corpus per clip.
 * @example
 * const { split, notes } = speakerSplit(entries.map((e) => e.speaker), entries.map((e) => e.corpus));
 */
export function speakerSplit(
  speakers: readonly string[],
  corpora: readonly string[],
  options: { seed?: number } = {},
): SpeakerSplit {
  const seed = options.seed ?? 42;
  const out = new Array<SplitName>(speakers.length);
  const notes: string[] = [];
  const byCorpus = new Map<string, string[]>();
  speakers.forEach((s, i) => {
    const list = byCorpus.get(corpora[i]) ?? [];
    if (!list.includes(s)) list.push(s);
    byCorpus.set(corpora[i], list);
  });
  for (const [corpus, list] of [...byCorpus].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rng: Rng = rngFor(seed, `speakers:${corpus}`);
    const order = shuffle([...list].sort(), rng);
    const role = new Map<string, SplitName | "half">();
    if (order.length >= 3) {
      const k = Math.max(1, Math.round(0.15 * order.length));
      order.forEach((s, i) => role.set(s, i < k ? "test" : i < 2 * k ? "val" : "train"));
      notes.push(
        `${corpus}: test ${order.slice(0, k).join(", ")}; val ${order.slice(k, 2 * k).join(", ")}; train ${
          order.length - 2 * k
        } speakers`,
      );
    } else if (order.length === 2) {
      role.set(order[0], "train");
      role.set(order[1], "half");
      notes.push(`${corpus}: only 2 speakers; ${order[0]} trains, ${order[1]} is split 50/50 between val and test`);
    } else {
      role.set(order[0], "train");
      notes.push(`${corpus}: only 1 speaker (${order[0]}); all its clips train and it is not evaluated`);
    }
    const halves = speakers.map((s, i) => (corpora[i] === corpus && role.get(s) === "half" ? i : -1)).filter((i) =>
      i >= 0
    );
    shuffle(halves, rng);
    const nTest = Math.ceil(halves.length / 2);
    halves.forEach((i, k) => (out[i] = k < nTest ? "test" : "val"));
    speakers.forEach((s, i) => {
      const r = role.get(s);
      if (corpora[i] === corpus && r && r !== "half") out[i] = r;
    });
  }
  return { split: out, notes };
}

/**
 * RAVDESS cross-validation folds of held-out actors: fold k (0–5) holds actors 4k+1 … 4k+4, two male and two female.
 *
 * @param actor Actor number 1–24.
 * @returns Fold index 0–5.
 * @throws {RangeError} If the actor is not 1–24.
 * @example
 * ravdessFold(7); // 1 (actors 5–8)
 */
export function ravdessFold(actor: number): number {
  if (!Number.isInteger(actor) || actor < 1 || actor > 24) {
    throw new RangeError(`RAVDESS actor must be 1–24: received ${actor}`);
  }
  return Math.floor((actor - 1) / 4);
}

/** A split that cannot be made from the data as it is (no speakers known, a part left empty). */
export class SplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SplitError";
  }
}

/** Options for {@linkcode assignSplits}. */
export interface AssignSplitsOptions {
  /**
   * How clips without a split of their own are split: `"original"` (the original project's stratified clip split;
   * `"seed"`, its former name, is read the same), `"speaker"`, or `"none"` (every clip trains). Default `"original"`.
   */
  split?: "original" | "seed" | "speaker" | "none";
  /** Seed. Default 42. */
  seed?: number;
}

/**
 * Split a dataset: clips whose data assigns a split (a metadata `split` column) keep it; the others are split with
 * {@linkcode seedSplit} or {@linkcode speakerSplit}.
 *
 * @param rows Per clip: label, corpus, speaker (`""` when unknown) and its own split, if any.
 * @returns Split per clip and the rules applied, in words.
 * @throws {SplitError} If the speaker split meets clips without a known speaker, or a part ends up empty.
 * @example
 * const { split, notes } = assignSplits(entries, { split: "speaker" });
 */
export function assignSplits(
  rows: readonly { emotion: string; corpus: string; speaker: string; split: SplitName | null; path?: string }[],
  options: AssignSplitsOptions = {},
): SpeakerSplit {
  const how = options.split === "seed" ? "original" : options.split ?? "original", seed = options.seed ?? 42;
  if (how === "none") {
    return {
      split: rows.map(() => "train"),
      notes: ["no split: every clip trains (nothing is held out: no validation, no test)"],
    };
  }
  const out = new Array<SplitName>(rows.length);
  const notes: string[] = [];
  const given = rows.map((r, i) => (r.split ? i : -1)).filter((i) => i >= 0);
  const rest = rows.map((r, i) => (r.split ? -1 : i)).filter((i) => i >= 0);
  if (given.length) {
    for (const i of given) out[i] = rows[i].split!;
    const n = (p: SplitName) => given.filter((i) => out[i] === p).length;
    notes.push(
      `${given.length} clips use the split column of their metadata file (train ${n("train")}, val ${n("val")}, test ${
        n("test")
      })`,
    );
  }
  if (rest.length) {
    if (how === "speaker") {
      const unknown = rest.filter((i) => !rows[i].speaker);
      if (unknown.length) {
        const corpora = [...new Set(unknown.map((i) => rows[i].corpus))].join(", ");
        const example = rows[unknown[0]].path ? ` (for example ${rows[unknown[0]].path})` : "";
        throw new SplitError(
          `the speaker split needs every clip's speaker, but ${unknown.length} clips of ${corpora} have none${example}: ` +
            "add a speaker column to metadata.csv, pass --speaker-pattern REGEX, or use --split seed",
        );
      }
      const s = speakerSplit(rest.map((i) => rows[i].speaker), rest.map((i) => rows[i].corpus), { seed });
      rest.forEach((i, k) => (out[i] = s.split[k]));
      notes.push(...s.notes);
    } else if (rest.length >= 3) {
      const s = seedSplit(rest.map((i) => rows[i].emotion), { seed });
      rest.forEach((i, k) => (out[i] = s[k]));
      notes.push(
        "seed split: 70 % train stratified by emotion, the rest halved at random into val and test (clip-level: speakers overlap)",
      );
    } else {
      rest.forEach((i) => (out[i] = "train"));
      notes.push(`${rest.length} clips without a split column train`);
    }
  }
  for (const part of ["train", "val", "test"] as const) {
    if (!out.includes(part)) {
      throw new SplitError(
        `the split left no clips for ${part}${
          given.length ? " (check the split column)" : how === "speaker" ? "; add speakers or use --split seed" : ""
        }`,
      );
    }
  }
  return { split: out, notes };
}
