/**
 * Private: the folder-per-label layout (`happy/x.wav`, as Hugging Face's `audiofolder` and torchvision's
 * `ImageFolder`): the label is the name of the folder a file sits directly in.
 *
 * @module
 */
import type { Labelled, SkippedFile } from "./_labelled.ts";
import { relativePosix } from "./list_audio_files.ts";

/** Label every audio file by its parent folder; files directly under the root are skipped. */
export function labelFromFolders(root: string, files: string[]): { labelled: Labelled[]; skipped: SkippedFile[] } {
  const labelled: Labelled[] = [], skipped: SkippedFile[] = [];
  for (const file of files) {
    const rel = relativePosix(root, file);
    const parts = rel.split("/");
    if (parts.length < 2) {
      skipped.push({ path: rel, reason: "not inside a label folder (--layout folders labels a file by its folder)" });
      continue;
    }
    labelled.push({
      file,
      rel,
      corpus: parts.length > 2 ? parts[0] : "custom",
      speaker: "",
      gender: "unknown",
      label: parts[parts.length - 2],
      split: null,
      source: "folders",
      fields: {},
      warnings: [],
    });
  }
  return { labelled, skipped };
}
