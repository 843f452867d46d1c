/**
 * Private: the data sections of `deno task bench` — corpus discovery (listing, exact duplicate detection by SHA-256,
 * labels) with and without the hash cache, and feature extraction on one worker against two.
 *
 * @module
 */
import { discoverCorpus, extractCorpus, writeDemoCorpus } from "$lib/data/mod.ts";
import { benchClips, type BenchContext, versus } from "./_measure.ts";

/** Discovery of the real corpus (or 1,000 demo clips), scaled to 5,000 files for the target. */
export async function benchDiscovery(ctx: BenchContext): Promise<void> {
  let root = ctx.real, temp: string | null = null;
  if (!root) {
    temp = root = await Deno.makeTempDir({ prefix: "ser-bench-discovery-" });
    await writeDemoCorpus(root, { limit: 1000 });
    console.log("  on 1,000 SYNTHETIC demo clips (pass --real DIR for a real corpus)");
  }
  const cache = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.remove(cache);
  const run = async (hashCache: string | null) => {
    const t = performance.now();
    const d = await discoverCorpus(root!, { hashCache });
    return { d, seconds: (performance.now() - t) / 1000 };
  };
  const first = await run(null);
  const second = await run(cache);
  const cached = await run(cache);
  const n = first.d.entries.length;
  const per5000 = (s: number) => (s * 5000) / n;
  console.log(`  ${n} files in ${root}; SHA-256 of every byte, 16 reads in flight`);
  versus("no hash cache, run 1, s per 5,000 files", per5000(first.seconds), null, { unit: "s", target: "≤ 2 s" });
  versus("no hash cache, run 2, s per 5,000", per5000(second.seconds), null, {
    unit: "s",
    target: "≤ 2 s",
  });
  versus("hash cache (path, size, mtime), s per 5,000", per5000(cached.seconds), null, { unit: "s" });
  console.log(
    `    measured ${first.seconds.toFixed(2)} s, ${second.seconds.toFixed(2)} s and ${
      cached.seconds.toFixed(2)
    } s for ${n} (${cached.d.hashing.cached} hashes from the cache); the first figure is what the disk gives when the ` +
      " (a cold disk reads at its own speed)",
  );
  await Deno.remove(cache).catch(() => {});
  if (temp) await Deno.remove(temp, { recursive: true });
}

/** Extraction without the feature cache on 1 and 2 workers: demo clips, and real ones with --real. */
export async function benchExtract(ctx: BenchContext): Promise<void> {
  const sets = [await benchClips({ ...ctx, real: null }, ctx.clips)];
  if (ctx.real) sets.push(await benchClips(ctx, Math.max(ctx.clips, 400)));
  for (const set of sets) {
    // Distinct keys: extraction computes each content hash once, so equal keys would be computed once.
    const clips = set.files.map((path) => ({ path, sha256: path }));
    const rates: number[] = [];
    for (const workers of [1, 2]) {
      const t = await extractCorpus("/", clips, { workers, cacheDir: null, quiet: true });
      rates.push(t.paths.length / t.stats.seconds);
    }
    console.log(`  ${set.what}:`);
    versus("1 worker, clips/s", rates[0], null, { unit: "clips/s", digits: 1 });
    versus("2 workers, clips/s", rates[1], { name: "1 worker", value: rates[0] }, {
      unit: "clips/s",
      better: "higher",
      digits: 1,
    });
    if (set === sets[0]) ctx.shared.extractDemo2 = rates[1];
    if (set.temp) await Deno.remove(set.temp, { recursive: true });
  }
  console.log("  (worker start-up included; on 2 cores the workers also share them with the main thread)");
}
