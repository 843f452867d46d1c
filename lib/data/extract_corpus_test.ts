import assert from "node:assert/strict";
import { join } from "node:path";
import { encodeWav } from "../audio/encode_wav.ts";
import { discoverCorpus } from "./discover_corpus.ts";
import { extractCorpus } from "./extract_corpus.ts";

function tone(freq: number, sr = 16000): Uint8Array {
  return encodeWav(Float32Array.from({ length: sr }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / sr)), sr);
}

Deno.test("extractCorpus() caches by content, recomputes changed files, and records a bad file without stopping", async () => {
  const root = await Deno.makeTempDir(), cacheDir = join(root, ".cache");
  await Deno.mkdir(join(root, "Savee"));
  await Deno.writeFile(join(root, "Savee", "DC_a01.wav"), tone(220));
  await Deno.writeFile(join(root, "Savee", "DC_a02.wav"), new TextEncoder().encode("RIFF but not really a wav file"));
  await Deno.writeFile(join(root, "Savee", "DC_h01.wav"), tone(330));
  let d = await discoverCorpus(root);
  const first = await extractCorpus(root, d.entries, { cacheDir, quiet: true, workers: 2 });
  assert.deepEqual(first.paths, ["Savee/DC_a01.wav", "Savee/DC_h01.wav"]);
  assert.equal(first.failures.length, 1);
  assert.match(first.failures[0].reason, /Savee\/DC_a02.wav: a text file, not audio \(first bytes "RIFF"\)/);
  assert.deepEqual([first.stats.cached, first.stats.computed, first.stats.failed], [0, 2, 1]);

  const again = await extractCorpus(root, d.entries, { cacheDir, quiet: true });
  assert.deepEqual([again.stats.cached, again.stats.computed], [2, 0]);
  assert.deepEqual(again.data, first.data);

  // Change one file's content: only it is recomputed, and its features change.
  await Deno.writeFile(join(root, "Savee", "DC_h01.wav"), tone(660));
  d = await discoverCorpus(root);
  const changed = await extractCorpus(root, d.entries, { cacheDir, quiet: true });
  assert.deepEqual([changed.stats.cached, changed.stats.computed], [1, 1]);
  assert.deepEqual(changed.data.subarray(0, 195), first.data.subarray(0, 195));
  assert.notDeepEqual(changed.data.subarray(195), first.data.subarray(195));

  // A different window is a different configuration: nothing is served from the 3 s cache.
  const other = await extractCorpus(root, d.entries, { cacheDir, quiet: true, duration: 0.5 });
  assert.equal(other.stats.cached, 0);
  await Deno.remove(root, { recursive: true });
});

Deno.test("extractCorpus() resumes after an interruption that tore the cache's last record", async () => {
  const root = await Deno.makeTempDir(), cacheDir = join(root, ".cache");
  await Deno.mkdir(join(root, "Savee"));
  for (const [name, f] of [["DC_a01.wav", 200], ["DC_a02.wav", 300]] as const) {
    await Deno.writeFile(join(root, "Savee", name), tone(f));
  }
  const d = await discoverCorpus(root);
  const full = await extractCorpus(root, d.entries, { cacheDir, quiet: true, workers: 1 });
  const file = full.stats.cacheFile!;
  const bytes = await Deno.readFile(file);
  await Deno.writeFile(file, bytes.subarray(0, bytes.length - 100)); // second record torn
  const resumed = await extractCorpus(root, d.entries, { cacheDir, quiet: true, workers: 1 });
  assert.deepEqual([resumed.stats.cached, resumed.stats.computed], [1, 1]);
  assert.deepEqual(resumed.data, full.data);
  assert.equal((await Deno.stat(file)).size, bytes.length);
  await Deno.remove(root, { recursive: true });
});
