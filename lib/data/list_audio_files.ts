import { join, relative } from "node:path";

/**
 * Extensions listed as audio (lower case): WAV, and what librosa reads through libsndfile and ffmpeg. Listing goes by
 * extension; decoding goes by content, so an AIFF named `.wav` is still read as AIFF.
 */
export const AUDIO_EXTENSIONS: readonly string[] = [
  ".wav",
  ".flac",
  ".mp3",
  ".ogg",
  ".oga",
  ".opus",
  ".aif",
  ".aiff",
  ".aifc",
  ".caf",
  ".w64",
  ".rf64",
  ".au",
  ".m4a",
  ".webm",
  ".mp4",
];

/** Options for {@linkcode listAudioFiles}. */
export interface ListAudioFilesOptions {
  /** File extensions accepted, lower case with the dot. Default {@linkcode AUDIO_EXTENSIONS}. */
  extensions?: readonly string[];
}

/** What {@linkcode listAudioFiles} found. */
export interface AudioFileList {
  /** Audio files in the order of the inputs (a folder's or glob's files sorted by path), each once. */
  files: string[];
  /** Every other file met while walking folders (not audio by extension). */
  others: string[];
  /** Inputs that do not exist. */
  missing: string[];
}

/** True when a path contains glob wildcards (`*`, `?`, `[…]`). */
export function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/**
 * A regular expression for a glob over `/`-separated paths: `**` spans folders, `*` and `?` stay within one name,
 * `[abc]` is a character class.
 *
 * @example
 * globToRegExp("clips/**\/*.wav").test("clips/a/b.wav"); // true
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, "^")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Expand files, folders (recursively, following no symlinked folders twice) and globs (`clips/**\/*.wav`) into a
 * list of audio files. Files come in the order of `inputs`; a folder's or glob's files come sorted by path; a file named
 * twice is listed once, where it first appears. Extensions match case-insensitively (`.WAV`, `.Flac` count).
 *
 * @param inputs Paths to files or folders, or glob patterns.
 * @example
 * const { files, missing } = await listAudioFiles(["dataset/Savee", "extra.wav"]);
 */
export async function listAudioFiles(
  inputs: readonly string[],
  options: ListAudioFilesOptions = {},
): Promise<AudioFileList> {
  const exts = options.extensions ?? AUDIO_EXTENSIONS;
  const isAudio = (p: string) => exts.some((e) => p.toLowerCase().endsWith(e));
  const files = new Set<string>(), others: string[] = [], missing: string[] = [];
  const seen = new Set<string>();
  async function walk(dir: string, found: string[]) {
    const real = await Deno.realPath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(dir)) entries.push(e);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory, isFile = e.isFile;
      if (e.isSymlink) {
        const st = await Deno.stat(p).catch(() => null);
        isDir = st?.isDirectory ?? false;
        isFile = st?.isFile ?? false;
      }
      if (isDir) await walk(p, found);
      else if (isFile) isAudio(p) ? found.push(p) : others.push(p);
    }
  }
  for (const input of inputs) {
    if (isGlob(input)) {
      const parts = input.split("/");
      const k = parts.findIndex(isGlob);
      const base = parts.slice(0, k).join("/") || ".";
      const re = globToRegExp(parts.slice(k).join("/"));
      const before = files.size;
      const sub = await listAudioFiles([base], options).catch(() => ({
        files: [] as string[],
        others: [],
        missing: [base],
      }));
      for (const f of sub.files) if (re.test(relativePosix(base, f))) files.add(f);
      if (files.size === before) missing.push(input);
      continue;
    }
    const st = await Deno.stat(input).catch(() => null);
    if (!st) missing.push(input);
    else if (st.isDirectory) {
      const found: string[] = [];
      await walk(input, found);
      for (const f of found.sort()) files.add(f);
    } else files.add(input);
  }
  return { files: [...files], others: others.sort(), missing };
}

/** `path` relative to `root` with forward slashes, for manifests that must not depend on where the corpus lives. */
export function relativePosix(root: string, path: string): string {
  return relative(root, path).split("\\").join("/");
}
