/**
 * Path joining without `node:path`, for the modules that also run in a browser (the model's artifacts are read from
 * a folder in Deno and from URLs on the on-device page): forward slashes, one between parts.
 *
 * @module
 */

/**
 * Join path or URL parts with single `/` separators.
 *
 * @example
 * joinPath("artifacts/", "model", "model.json"); // "artifacts/model/model.json"
 */
export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== "").map((p, i) => (i === 0 ? p.replace(/\/+$/, "") : p.replace(/^\/+|\/+$/g, "")))
    .join("/");
}

/**
 * The folder part of a path (`.` when there is none).
 *
 * @example
 * parentOf("outputs/cv/cv_summary.json"); // "outputs/cv"
 */
export function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? "." : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}
