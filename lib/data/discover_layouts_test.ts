import assert from "node:assert/strict";
import { encodeWav } from "../audio/encode_wav.ts";
import { discoverCorpus } from "./discover_corpus.ts";
import { assignSplits, SplitError } from "./split.ts";
import { MetadataError } from "./metadata_manifest.ts";
import { writeTree } from "./_test_tree.ts";

const tone = (k: number) => encodeWav(Float32Array.from({ length: 800 }, (_, i) => 0.1 * Math.sin(i * k)), 16000);

Deno.test("metadata.csv labels its folder's files beside a named corpus, and every file is accounted for once", async () => {
  const root = await writeTree({
    "calls/metadata.csv": "file_name,label,speaker,gender,channel\n" +
      "a.wav, Angry ,ag1,f,phone\nsub/b.wav,NEUTRAL,ag2,m,\nc.wav,,ag1,f,\ngone.wav,sad,ag1,f,\na.wav,happy,ag1,f,\n",
    "calls/a.wav": tone(1),
    "calls/sub/b.wav": tone(2),
    "calls/c.wav": tone(3),
    "calls/unlisted.wav": tone(4),
    "calls/notes.txt": "not audio",
    "Savee/DC_h01.wav": tone(5),
  });
  const d = await discoverCorpus(root);
  assert.deepEqual(d.manifests, ["calls/metadata.csv"]);
  const by = Object.fromEntries(d.entries.map((e) => [e.path, e]));
  assert.deepEqual(Object.keys(by), ["Savee/DC_h01.wav", "calls/a.wav", "calls/sub/b.wav"]);
  assert.deepEqual(
    [by["calls/a.wav"].emotion, by["calls/a.wav"].speaker, by["calls/a.wav"].gender, by["calls/a.wav"].corpus],
    ["angry", "calls/ag1", "female", "calls"],
  );
  assert.equal(by["calls/a.wav"].source, "metadata");
  assert.equal(by["calls/a.wav"].fields.channel, "phone");
  assert.equal(by["calls/a.wav"].fields.manifest, "calls/metadata.csv:2");
  assert.match(
    by["calls/a.wav"].warnings.join(),
    /listed again in calls\/metadata\.csv line 6 as "happy"; the first row wins/,
  );
  assert.equal(by["calls/sub/b.wav"].emotion, "neutral");
  assert.equal(by["Savee/DC_h01.wav"].source, "corpus");
  const reasons = Object.fromEntries(d.skipped.map((s) => [s.path, s.reason]));
  assert.deepEqual(reasons, {
    "calls/c.wav": "empty label (calls/metadata.csv:4)",
    "calls/gone.wav": "listed in calls/metadata.csv line 5, but no such file under the data folder",
    "calls/notes.txt": "not an audio file (by extension)",
    "calls/unlisted.wav": "no row for this file in calls/metadata.csv",
  });
  await Deno.remove(root, { recursive: true });
});

Deno.test("a metadata.csv at the root covers the whole tree, even files in a corpus-named folder", async () => {
  const root = await writeTree({
    "metadata.csv": "file_name,label\nRavdess/x.wav,excited\ny.flac,calm\n",
    "Ravdess/x.wav": tone(1),
    "y.flac": tone(2),
  });
  const d = await discoverCorpus(root, { merge: { excited: "happy" } });
  assert.deepEqual(d.entries.map((e) => [e.path, e.emotion, e.corpus, e.fields.label_raw]), [
    ["Ravdess/x.wav", "happy", "custom", "excited"],
    ["y.flac", "calm", "custom", undefined],
  ]);
  assert.deepEqual(d.labelSet, { merge: { excited: "happy" }, labels: null });
  await Deno.remove(root, { recursive: true });
});

Deno.test("a malformed metadata file stops discovery with its name and line", async () => {
  const root = await writeTree({ "d/metadata.csv": 'file_name,label\n"a.wav,happy\n', "d/a.wav": tone(1) });
  await assert.rejects(
    () => discoverCorpus(root),
    (e: Error) => e instanceof MetadataError && /d\/metadata\.csv: malformed CSV at line/.test(e.message),
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("--layout folders labels by folder, takes speakers from --speaker-pattern, and skips loose files", async () => {
  const root = await writeTree({
    "Happy/s01_take1.wav": tone(1),
    "happy/s02_take1.wav": tone(2),
    "sad/s01_take2.wav": tone(3),
    "loose.wav": tone(4),
    "sad/odd.wav": tone(5),
  });
  const d = await discoverCorpus(root, { layout: "folders", speakerPattern: "(?<speaker>s\\d+)_" });
  assert.deepEqual(d.entries.map((e) => [e.path, e.emotion, e.speaker, e.source]), [
    ["Happy/s01_take1.wav", "happy", "custom/s01", "folders"],
    ["happy/s02_take1.wav", "happy", "custom/s02", "folders"],
    ["sad/odd.wav", "sad", "", "folders"],
    ["sad/s01_take2.wav", "sad", "custom/s01", "folders"],
  ]);
  assert.match(d.entries[2].warnings.join(), /--speaker-pattern .* does not match this path; speaker unknown/);
  assert.deepEqual(d.skipped, [{
    path: "loose.wav",
    reason: "not inside a label folder (--layout folders labels a file by its folder)",
  }]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("the named corpora take the same label options: RAVDESS + TESS as 4 classes", async () => {
  const root = await writeTree({
    "Ravdess/Actor_01/03-01-01-01-01-01-01.wav": tone(1), // neutral
    "Ravdess/Actor_01/03-01-02-01-01-01-01.wav": tone(2), // calm → neutral
    "Ravdess/Actor_01/03-01-06-01-01-01-01.wav": tone(3), // fear → skipped
    "Tess/OAF_angry/OAF_back_angry.wav": tone(4),
    "Tess/OAF_happy/OAF_back_happy.wav": tone(5),
    "Tess/OAF_sad/OAF_back_sad.wav": tone(6),
  });
  const d = await discoverCorpus(root, { merge: { calm: "neutral" }, labels: ["angry", "happy", "neutral", "sad"] });
  assert.deepEqual(d.entries.map((e) => e.emotion).sort(), ["angry", "happy", "neutral", "neutral", "sad"]);
  assert.deepEqual(d.skipped.map((s) => s.reason), ['label "fear" is not in --labels (angry, happy, neutral, sad)']);
  await Deno.remove(root, { recursive: true });
});

Deno.test("assignSplits() honours a split column, splits the rest, and refuses a speaker split without speakers", () => {
  const rows = [
    ...["a", "b", "c", "d", "e", "f"].map((p, i) => ({
      path: p,
      emotion: i % 2 ? "x" : "y",
      corpus: "c",
      speaker: "",
      split: null,
    })),
    { path: "t", emotion: "x", corpus: "m", speaker: "", split: "test" as const },
  ];
  const s = assignSplits(rows, { split: "seed" });
  assert.equal(s.split[6], "test");
  assert.match(s.notes[0], /1 clips use the split column of their metadata file \(train 0, val 0, test 1\)/);
  assert.throws(
    () => assignSplits(rows, { split: "speaker" }),
    (e: Error) =>
      e instanceof SplitError &&
      /needs every clip's speaker, but 6 clips of c have none \(for example a\): add a speaker column/.test(e.message),
  );
  assert.throws(
    () => assignSplits([{ emotion: "x", corpus: "c", speaker: "", split: "train" }], {}),
    /left no clips for val \(check the split column\)/,
  );
});
