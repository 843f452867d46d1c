import assert from "node:assert/strict";
import { join } from "node:path";
import { globToRegExp, listAudioFiles } from "./list_audio_files.ts";

Deno.test("globToRegExp() follows shell globbing with ** across folders", () => {
  assert.ok(globToRegExp("**/*.wav").test("a/b/c.wav"));
  assert.ok(globToRegExp("**/*.wav").test("c.wav"));
  assert.ok(!globToRegExp("*.wav").test("a/c.wav"));
  assert.ok(globToRegExp("DC_[ah]0?.wav").test("DC_a01.wav"));
  assert.ok(!globToRegExp("DC_[ah]0?.wav").test("DC_d01.wav"));
  assert.ok(globToRegExp("a.b").test("a.b") && !globToRegExp("a.b").test("axb"));
});

Deno.test("listAudioFiles() expands folders and globs, reports what is missing, lists every audio extension in any case, and keeps input order", async () => {
  const root = await Deno.makeTempDir();
  for (const f of ["x/a.wav", "x/B.WAV", "x/notes.txt", "y/z/c.wav", "m/d.Flac", "m/e.m4a", "m/f.opus", "m/g.aiff"]) {
    await Deno.mkdir(join(root, f, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, f), "");
  }
  const all = await listAudioFiles([root]);
  assert.deepEqual(all.files.map((f) => f.slice(root.length + 1)), [
    "m/d.Flac",
    "m/e.m4a",
    "m/f.opus",
    "m/g.aiff",
    "x/B.WAV",
    "x/a.wav",
    "y/z/c.wav",
  ]);
  assert.deepEqual(all.others.map((f) => f.slice(root.length + 1)), ["x/notes.txt"]);
  const globbed = await listAudioFiles([
    `${root}/**/c.wav`,
    `${root}/x/*.wav`,
    `${root}/nothing/*.wav`,
    `${root}/missing.wav`,
  ]);
  assert.deepEqual(globbed.files.map((f) => f.slice(root.length + 1)).sort(), ["x/a.wav", "y/z/c.wav"]);
  assert.deepEqual(globbed.missing, [`${root}/nothing/*.wav`, `${root}/missing.wav`]);
  const ordered = await listAudioFiles([`${root}/y/z/c.wav`, `${root}/x`, `${root}/x/a.wav`]);
  assert.deepEqual(
    ordered.files.map((f) => f.slice(root.length + 1)),
    ["y/z/c.wav", "x/B.WAV", "x/a.wav"],
    "input order, folder contents sorted, duplicates once",
  );
  await Deno.remove(root, { recursive: true });
});
