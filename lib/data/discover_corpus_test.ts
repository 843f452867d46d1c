import assert from "node:assert/strict";
import wavefile from "wavefile";
import { discoverCorpus, SYNTHETIC_MARKER } from "./discover_corpus.ts";
import { writeTree } from "./_test_tree.ts";

const { WaveFile } = wavefile;

function wav(seed: number): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(1, 16000, "16", Array.from({ length: 800 }, (_, i) => ((i * seed) % 200) - 100));
  return w.toBuffer();
}

Deno.test("discoverCorpus() labels the Kaggle bundle's four layouts and accounts for every file once", async () => {
  const root = await writeTree({
    "Ravdess/audio_speech_actors_01-24/Actor_02/03-01-06-01-02-01-02.wav": wav(1),
    "Crema/1002_IEO_HAP_LO.wav": wav(2),
    "Tess/YAF_pleasant_surprised/YAF_bite_ps.wav": wav(3),
    "Tess/OAF_neutral/OA_bite_neutral.wav": wav(4),
    "Savee/KL_su05.wav": wav(5),
    "Savee/KL_zz05.wav": wav(6),
    "Savee/notes.txt": "not audio",
    "Crema/VideoDemographics.csv": "ActorID,Age,Sex,Race,Ethnicity\n1002,31,Female,Caucasian,Not Hispanic\n",
  });
  const d = await discoverCorpus(root);
  const by = Object.fromEntries(d.entries.map((e) => [e.path, e]));
  assert.equal(by["Ravdess/audio_speech_actors_01-24/Actor_02/03-01-06-01-02-01-02.wav"].emotion, "fear");
  assert.equal(by["Crema/1002_IEO_HAP_LO.wav"].gender, "female");
  assert.equal(by["Tess/YAF_pleasant_surprised/YAF_bite_ps.wav"].emotion, "surprise");
  assert.equal(by["Tess/OAF_neutral/OA_bite_neutral.wav"].speaker, "tess_OAF");
  assert.equal(by["Savee/KL_su05.wav"].emotion, "surprise");
  assert.deepEqual(d.skipped.map((s) => s.path), [
    "Crema/VideoDemographics.csv",
    "Savee/KL_zz05.wav",
    "Savee/notes.txt",
  ]);
  assert.match(d.skipped[1].reason, /SAVEE emotion code "zz"/);
  const all = [...d.entries.map((e) => e.path), ...d.skipped.map((s) => s.path)].sort();
  assert.equal(all.length, 8);
  assert.equal(new Set(all).size, 8);
  assert.equal(d.synthetic, false);
  await Deno.remove(root, { recursive: true });
});

Deno.test("discoverCorpus() reads official layouts and recognises a corpus from the name alone", async () => {
  const root = await writeTree({
    "SAVEE/AudioData/DC/h07.wav": wav(1),
    "CREMA-D/AudioWAV/1050_TIE_DIS_MD.wav": wav(2),
    "EmoDB/wav/11b03Ec.wav": wav(3),
    "misc/16a05Nb.wav": wav(4),
    "misc/foo.wav": wav(5),
  });
  const d = await discoverCorpus(root);
  const by = Object.fromEntries(d.entries.map((e) => [e.path, e]));
  assert.equal(by["SAVEE/AudioData/DC/h07.wav"].emotion, "happy");
  assert.equal(by["CREMA-D/AudioWAV/1050_TIE_DIS_MD.wav"].emotion, "disgust");
  assert.equal(by["EmoDB/wav/11b03Ec.wav"].emotion, "disgust");
  assert.equal(by["misc/16a05Nb.wav"].corpus, "EMO-DB");
  assert.match(by["misc/16a05Nb.wav"].warnings[0], /recognised EMO-DB from the file name/);
  assert.match(d.skipped.find((s) => s.path === "misc/foo.wav")!.reason, /no corpus recognised/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("discoverCorpus() marks byte-identical duplicates and the synthetic marker", async () => {
  const same = wav(9);
  const root = await writeTree({
    "Savee/DC_a01.wav": same,
    "Savee/DC_a02.wav": same,
    [SYNTHETIC_MARKER]: "{}",
  });
  const d = await discoverCorpus(root);
  assert.equal(d.synthetic, true);
  assert.equal(d.entries[0].duplicateOf, null);
  assert.equal(d.entries[1].duplicateOf, "Savee/DC_a01.wav");
  assert.match(d.entries[1].warnings.join(), /byte-identical to Savee\/DC_a01.wav/);
  assert.ok(d.entries.every((e) => e.synthetic));
  await Deno.remove(root, { recursive: true });
});
