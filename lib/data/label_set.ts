/**
 * Label sets: classes come from the data. Labels are case-folded and trimmed, optionally merged (`excited=happy`)
 * and then filtered to a chosen set (`--labels angry,happy,neutral,sad`), the same way for every source.
 *
 * @module
 */

/** How labels are mapped before training (recorded in `labels.json` and the model metadata). */
export interface LabelSetOptions {
  /** Keep only these classes (after merging); others are skipped with a reason. Default: every class found. */
  labels?: readonly string[];
  /** Rename labels before filtering: `{ excited: "happy", calm: "neutral" }`. Default: none. */
  merge?: Readonly<Record<string, string>>;
}

/** The outcome for one label. */
export type LabelVerdict = { ok: true; label: string; original: string } | { ok: false; reason: string };

/**
 * A label as a class name: trimmed, inner whitespace collapsed, lower case (`" Happy "` → `happy`).
 *
 * @example
 * normaliseLabel("  Pleasant Surprise "); // "pleasant surprise"
 */
export function normaliseLabel(label: string): string {
  return label.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Parse `--labels angry,happy,neutral,sad` into normalised class names.
 *
 * @throws {RangeError} If the list is empty or names a class twice.
 * @example
 * parseLabelList("Angry, happy"); // ["angry", "happy"]
 */
export function parseLabelList(text: string): string[] {
  const labels = text.split(",").map(normaliseLabel).filter((l) => l.length > 0);
  if (labels.length === 0) throw new RangeError(`\`--labels\` must list at least one class: received "${text}"`);
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup) throw new RangeError(`\`--labels\` names "${dup}" twice: received "${text}"`);
  return labels;
}

/**
 * Parse `--merge excited=happy,calm=neutral` into a normalised map.
 *
 * @throws {RangeError} If an item is not `from=to`, or a label is mapped twice.
 * @example
 * parseMerge("Excited=happy, calm=neutral"); // { excited: "happy", calm: "neutral" }
 */
export function parseMerge(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=([^=]+)$/.exec(item);
    if (!m) throw new RangeError(`\`--merge\` items must be from=to: received "${item}"`);
    const from = normaliseLabel(m[1]), to = normaliseLabel(m[2]);
    if (from in out) throw new RangeError(`\`--merge\` maps "${from}" twice`);
    out[from] = to;
  }
  return out;
}

/**
 * Map one raw label through the label set: normalise, merge, then keep it only if it is in `labels`.
 *
 * @example
 * applyLabelSet("Excited", { merge: { excited: "happy" }, labels: ["happy", "sad"] }); // ok: "happy"
 * applyLabelSet("calm", { labels: ["happy", "sad"] }); // skipped: not in --labels
 */
export function applyLabelSet(raw: string, options: LabelSetOptions = {}): LabelVerdict {
  const original = normaliseLabel(raw);
  if (original === "") return { ok: false, reason: "empty label" };
  const merge = options.merge ?? {};
  const label = merge[original] ?? original;
  if (options.labels && !options.labels.includes(label)) {
    const via = label === original ? "" : ` (merged from "${original}")`;
    return { ok: false, reason: `label "${label}"${via} is not in --labels (${options.labels.join(", ")})` };
  }
  return { ok: true, label, original };
}
