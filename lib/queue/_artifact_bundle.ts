/**
 * Private: a model's artifacts folder as one content-addressed bundle (a zip with fixed dates, files in name order, so
 * the same model always gives the same bytes and SHA-256), and its unpacking on a worker into a cache folder named by
 * that hash.
 *
 * @module
 */
import { join, relative } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { sha256Hex } from "./_redis.ts";

const FIXED_DATE = new Date("2000-01-01T00:00:00Z");

/** Every file under a folder, relative paths in name order. */
async function filesUnder(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await filesUnder(p, root));
    else if (e.isFile) out.push(relative(root, p));
  }
  return out.sort();
}

/**
 * Bundle an artifacts folder.
 *
 * @throws {Deno.errors.NotFound} If the folder is missing.
 */
export async function bundleArtifacts(dir: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of await filesUnder(dir)) entries[f] = [await Deno.readFile(join(dir, f)), { mtime: FIXED_DATE }];
  const bytes = zipSync(entries, { level: 6 });
  return { bytes, sha256: await sha256Hex(bytes) };
}

/**
 * Unpack a bundle into `<cacheDir>/<sha256>/` (through a temporary folder renamed into place, so a half-written
 * bundle is never used) unless it is there; returns that folder.
 *
 * @throws {Error} If the bytes do not hash to `sha256` or are not a zip.
 */
export async function unpackArtifacts(bytes: Uint8Array, sha256: string, cacheDir: string): Promise<string> {
  const dir = join(cacheDir, sha256);
  try {
    await Deno.stat(join(dir, "model_metadata.json"));
    return dir;
  } catch { /* not unpacked yet */ }
  if (await sha256Hex(bytes) !== sha256) throw new Error(`model bundle ${sha256.slice(0, 12)}: its bytes do not match`);
  const files = unzipSync(bytes);
  await Deno.mkdir(cacheDir, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: cacheDir, prefix: ".unpack-" });
  for (const [name, data] of Object.entries(files)) {
    if (name.split("/").includes("..") || name.startsWith("/")) throw new Error(`model bundle: bad entry "${name}"`);
    await Deno.mkdir(join(tmp, name, ".."), { recursive: true });
    await Deno.writeFile(join(tmp, name), data);
  }
  try {
    await Deno.rename(tmp, dir);
  } catch {
    // Another job unpacked the same bundle first: use theirs.
    await Deno.remove(tmp, { recursive: true });
  }
  return dir;
}
