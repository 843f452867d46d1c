/**
 * The layout of a trained model on disk, in one place: which file holds what, for this version and for older runs.
 * Saving, loading, the on-device site (which copies a model into its folder) and ONNX export all ask here.
 *
 * ```
 * model_metadata.json   the run (family, feature set, modes, data, results)
 * labels.json           the classes in output order (and the label set)
 * model/ + scaler.json  the global mode's network and standardiser
 * <mode>/ + <mode>_scaler.json   each other trained mode (enrolled, transductive)
 * gender/ + gender.json the gender head and its classes and scaler
 * best/                 the global model's best checkpoint (train with validation speakers)
 * ```
 *
 * Older runs without `modes` in their metadata but with `speaker_norm: "speaker"` kept the transductive model in
 * `model/` + `scaler.json` and the global one in `global/` + `global_scaler.json`.
 *
 * @module
 */
import type { UseModeName } from "../modes/mode_registry.ts";

/** The files every run has, and the gender head's and best checkpoint's. */
export const ARTIFACT_FILES = {
  metadata: "model_metadata.json",
  labels: "labels.json",
  gender: "gender.json",
  genderModel: "gender",
  best: "best",
} as const;

/** Where one mode's network (a folder with `model.json` and `weights.bin`) and scaler live. */
export interface ModeFiles {
  dir: string;
  scaler: string;
}

/** What of a run's metadata decides its layout. */
export interface LayoutMetadata {
  modes?: readonly string[];
  speaker_norm?: string;
}

/** A mode's files in this version's layout: `model/` + `scaler.json` for global, `<mode>/` + `<mode>_scaler.json` else. */
export function modeFiles(mode: UseModeName): ModeFiles {
  return mode === "global" ? { dir: "model", scaler: "scaler.json" } : { dir: mode, scaler: `${mode}_scaler.json` };
}

/** Folders and files of the older layout that a save in this layout removes (they would otherwise be read). */
export const LEGACY_LEFTOVERS: readonly string[] = ["global", "global_scaler.json"];

/**
 * A mode's files in a run's folder, for this layout or an older run's: with `modes` in the metadata, this layout;
 * with `speaker_norm: "speaker"` only, the transductive model in `model/` and the global one in `global/`.
 *
 * @returns The mode's files, or null when that run has no such mode.
 * @example
 * modeFilesIn({ speaker_norm: "speaker" }, "global"); // { dir: "global", scaler: "global_scaler.json" }
 */
export function modeFilesIn(metadata: LayoutMetadata, mode: UseModeName): ModeFiles | null {
  if (metadata.modes) return modeFiles(mode);
  if (metadata.speaker_norm === "speaker") {
    if (mode === "global") return { dir: "global", scaler: "global_scaler.json" };
    if (mode === "transductive") return { dir: "model", scaler: "scaler.json" };
    return null;
  }
  return mode === "global" ? modeFiles("global") : null;
}

/**
 * Every file a model's user (the browser) loads, as `[in this run's folder, in this version's layout]` pairs: the
 * metadata, labels, each trained mode's network and scaler, and the gender head.
 *
 * @example
 * modelFiles({ modes: ["global"] }, ["global"], false).map(([from]) => from);
 * // ["model_metadata.json", "labels.json", "scaler.json", "model/model.json", "model/weights.bin"]
 */
export function modelFiles(
  metadata: LayoutMetadata,
  modes: readonly UseModeName[],
  gender: boolean,
): [from: string, to: string][] {
  const files: [string, string][] = [
    [ARTIFACT_FILES.metadata, ARTIFACT_FILES.metadata],
    [ARTIFACT_FILES.labels, ARTIFACT_FILES.labels],
  ];
  for (const m of modes) {
    const from = modeFilesIn(metadata, m), to = modeFiles(m);
    if (!from) continue;
    files.push([from.scaler, to.scaler]);
    for (const f of ["model.json", "weights.bin"]) files.push([`${from.dir}/${f}`, `${to.dir}/${f}`]);
  }
  if (gender) {
    files.push([ARTIFACT_FILES.gender, ARTIFACT_FILES.gender]);
    for (const f of ["model.json", "weights.bin"]) {
      files.push([`${ARTIFACT_FILES.genderModel}/${f}`, `${ARTIFACT_FILES.genderModel}/${f}`]);
    }
  }
  return files;
}
