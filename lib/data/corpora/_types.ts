/**
 * Private: what a corpus parser returns for one file.
 *
 * @module
 */
import type { CorpusName, Emotion, Gender } from "../emotions.ts";

/** A parsed clip's labels. */
export interface ParsedClip {
  corpus: CorpusName;
  speaker: string;
  gender: Gender;
  emotion: Emotion;
  /** Corpus-specific fields (intensity, statement, sentence, level, word, …), as strings. */
  fields: Record<string, string>;
  /** Tolerated quirks, such as a speaker taken from the folder. */
  warnings: string[];
}

/** A parser's verdict: a clip, or a reason the name was not accepted. */
export type ParseResult = { ok: true; clip: ParsedClip } | { ok: false; reason: string };

/** Split a relative path into folder segments and the file stem (no extension). */
export function splitPath(relPath: string): { dirs: string[]; stem: string; file: string } {
  const parts = relPath.split(/[\\/]/).filter((p) => p.length > 0);
  const file = parts.pop() ?? "";
  const stem = file.replace(/\.[^.]*$/, "");
  return { dirs: parts, stem, file };
}

/** Shorthand for a rejection. */
export function reject(reason: string): ParseResult {
  return { ok: false, reason };
}
