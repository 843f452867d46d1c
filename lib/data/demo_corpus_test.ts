import assert from "node:assert/strict";
import { decodeWav } from "../audio/decode_wav.ts";
import { discoverCorpus } from "./discover_corpus.ts";
import { planDemoCorpus, renderDemoClip, writeDemoCorpus } from "./demo_corpus.ts";

Deno.test("planDemoCorpus() lays out the four Kaggle corpora at their native rates with several speakers", () => {
  const plan = planDemoCorpus();
  assert.equal(plan.length, 1048);
  const rates = Object.fromEntries(plan.map((c) => [c.path.split("/")[0], c.sampleRate]));
  assert.deepEqual(rates, { Ravdess: 48000, Crema: 16000, Tess: 24414, Savee: 44100 });
  const speakers = (corpus: string) =>
    new Set(plan.filter((c) => c.path.startsWith(corpus)).map((c) => c.speaker)).size;
  assert.deepEqual(["Ravdess", "Crema", "Tess", "Savee"].map(speakers), [6, 6, 2, 4]);
});

Deno.test("renderDemoClip() is deterministic for a seed, 1.5–4 s long, and not silent", () => {
  const clip = planDemoCorpus()[100];
  const a = renderDemoClip(clip), b = renderDemoClip(clip);
  assert.deepEqual(a, b);
  assert.notDeepEqual(renderDemoClip(clip, 7), a);
  const wav = decodeWav(a);
  const seconds = wav.frames / wav.sampleRate;
  assert.ok(seconds >= 1.5 && seconds <= 4, `${seconds} s`);
  const rms = Math.sqrt(wav.samples.reduce((s, x) => s + x * x, 0) / wav.samples.length);
  assert.ok(rms > 0.005, `rms ${rms}`);
});

Deno.test("a written demo corpus is discovered completely and labelled synthetic", async () => {
  const root = await Deno.makeTempDir();
  const plan = planDemoCorpus();
  const summary = await writeDemoCorpus(root, { limit: 40 });
  const d = await discoverCorpus(root);
  assert.equal(summary.clips, 40);
  assert.equal(d.entries.length, 40);
  assert.ok(d.entries.every((e) => e.synthetic));
  for (const e of d.entries) assert.equal(e.emotion, plan.find((c) => c.path === e.path)!.emotion);
  assert.deepEqual(d.skipped.map((s) => s.reason), [
    "not an audio file (by extension)",
    "not an audio file (by extension)",
  ]); // demographics + marker
  await Deno.remove(root, { recursive: true });
});
