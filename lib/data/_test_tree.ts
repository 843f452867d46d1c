/**
 * Private, for tests: write a small tree of files (audio bytes or text) into a new temporary folder.
 *
 * @module
 */
import { join } from "node:path";

/** Write `files` (relative path → bytes or text) under a new temporary folder and return its path. */
export async function writeTree(files: Record<string, Uint8Array | string>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [rel, data] of Object.entries(files)) {
    await Deno.mkdir(join(root, rel, ".."), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(join(root, rel), data);
    else await Deno.writeFile(join(root, rel), data);
  }
  return root;
}
