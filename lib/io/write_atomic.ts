import { parentOf } from "./file_path.ts";

/**
 * Write a file so that readers see either the old contents or the new, never a half-written file: write a
 * temporary sibling, then rename it over the target (atomic on one filesystem). Parent folders are created.
 *
 * @param path Destination file.
 * @param data Bytes or text (UTF-8).
 * @throws {Deno.errors.PermissionDenied | Error} If the folder cannot be created or the file written.
 * @example
 * await writeFileAtomic("outputs/test_results.json", JSON.stringify(results, null, 2));
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await Deno.mkdir(parentOf(path), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Synchronous form of {@linkcode writeFileAtomic}. */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  Deno.mkdirSync(parentOf(path), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    if (typeof data === "string") Deno.writeTextFileSync(tmp, data);
    else Deno.writeFileSync(tmp, data);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* already gone */ }
    throw e;
  }
}
