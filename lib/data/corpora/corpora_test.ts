import assert from "node:assert/strict";
import { parseCremaD } from "./crema_d.ts";
import { parseEmoDb } from "./emodb.ts";
import { parseRavdess } from "./ravdess.ts";
import { parseSavee } from "./savee.ts";
import { parseTess } from "./tess.ts";
import type { ParseResult } from "./_types.ts";

const clip = (r: ParseResult) => {
  assert.ok(r.ok, r.ok ? "" : r.reason);
  return r.clip;
};
const reason = (r: ParseResult) => {
  assert.ok(!r.ok, "expected a rejection");
  return r.reason;
};

Deno.test("parseRavdess() reads every field; odd actors are male", async (t) => {
  await t.step("Kaggle layout", () => {
    const c = clip(parseRavdess("audio_speech_actors_01-24/Actor_01/03-01-05-02-01-02-01.wav"));
    assert.deepEqual([c.corpus, c.emotion, c.speaker, c.gender], ["RAVDESS", "angry", "ravdess_01", "male"]);
    assert.deepEqual(c.fields, {
      modality: "03",
      vocal_channel: "speech",
      intensity: "strong",
      statement: "01",
      repetition: "02",
      actor: "01",
    });
  });
  await t.step("every emotion code", () => {
    const codes = ["01", "02", "03", "04", "05", "06", "07", "08"].map((e) =>
      clip(parseRavdess(`Actor_12/03-01-${e}-01-01-01-12.wav`)).emotion
    );
    assert.deepEqual(codes, ["neutral", "calm", "happy", "sad", "angry", "fear", "disgust", "surprise"]);
    assert.equal(clip(parseRavdess("Actor_12/03-01-01-01-01-01-12.wav")).gender, "female");
  });
  await t.step("a malformed actor field falls back to the Actor_XX folder with a warning", () => {
    const c = clip(parseRavdess("Actor_07/03-01-04-01-01-01-7.wav"));
    assert.equal(c.speaker, "ravdess_07");
    assert.match(c.warnings[0], /actor field "7" is malformed; took actor 07 from the folder/);
  });
  await t.step("names that do not parse are rejected with the reason", () => {
    assert.match(reason(parseRavdess("03-01-09-01-01-01-01.wav")), /emotion code "09" is not 01–08/);
    assert.match(reason(parseRavdess("03-01-05-01-01.wav")), /needs 7 dash-separated fields/);
    assert.match(
      reason(parseRavdess("03-01-05-01-01-01-XX.wav")),
      /actor field "XX" is not 01–24 and no Actor_XX folder/,
    );
  });
});

Deno.test("parseCremaD() reads actor, sentence, emotion and level", () => {
  const c = clip(parseCremaD("AudioWAV/1091_WSI_SAD_XX.wav"));
  assert.deepEqual([c.emotion, c.speaker, c.gender, c.fields.sentence, c.fields.level], [
    "sad",
    "crema_1091",
    "unknown",
    "WSI",
    "unspecified",
  ]);
  assert.equal(clip(parseCremaD("1001_DFA_ANG_HI.wav", new Map([["1001", "male"]]))).gender, "male");
  assert.match(reason(parseCremaD("1001_DFA_XXX_HI.wav")), /emotion code "XXX"/);
  assert.match(reason(parseCremaD("1200_DFA_ANG_HI.wav")), /actor "1200" is not 1001–1091/);
  assert.match(reason(parseCremaD("1001_ABC_ANG_HI.wav")), /sentence code "ABC"/);
});

Deno.test("parseTess() takes the label from the file name, ps is surprise, a bad speaker falls back to the folder", () => {
  const c = clip(parseTess("YAF_pleasant_surprised/YAF_back_ps.wav"));
  assert.deepEqual([c.emotion, c.speaker, c.gender, c.fields.word], ["surprise", "tess_YAF", "female", "back"]);
  assert.equal(clip(parseTess("OAF_Fear/OAF_bite_fear.wav")).emotion, "fear");
  const quirk = clip(parseTess("OAF_neutral/OA_bite_neutral.wav"));
  assert.equal(quirk.speaker, "tess_OAF");
  assert.match(quirk.warnings[0], /speaker field "OA" is malformed/);
  assert.match(reason(parseTess("XX_bite_neutral.wav")), /speaker "XX" is not OAF or YAF/);
  assert.match(reason(parseTess("OAF_bite_bored.wav")), /emotion "bored"/);
});

Deno.test("parseSavee() reads Kaggle and official names, sa/su before one-letter codes", () => {
  const k = clip(parseSavee("DC_sa01.wav"));
  assert.deepEqual([k.emotion, k.speaker, k.gender], ["sad", "savee_DC", "male"]);
  assert.equal(clip(parseSavee("JK_su15.wav")).emotion, "surprise");
  assert.equal(clip(parseSavee("KL_a03.wav")).emotion, "angry");
  assert.equal(clip(parseSavee("AudioData/JE/n30.wav")).speaker, "savee_JE");
  assert.equal(clip(parseSavee("AudioData/JE/n30.wav")).emotion, "neutral");
  assert.match(reason(parseSavee("DC_x01.wav")), /emotion code "x"/);
  assert.match(reason(parseSavee("ZZ_a01.wav")), /speaker "ZZ"/);
});

Deno.test("parseEmoDb() reads speaker, text, emotion and version; boredom only on request", () => {
  const c = clip(parseEmoDb("wav/03a01Wa.wav"));
  assert.deepEqual([c.emotion, c.speaker, c.gender, c.fields.text, c.fields.version], [
    "angry",
    "emodb_03",
    "male",
    "a01",
    "a",
  ]);
  assert.equal(clip(parseEmoDb("16b10Tb.wav")).gender, "female");
  assert.match(reason(parseEmoDb("08a02Lc.wav")), /boredom \(L\) is outside the seed's 8 classes/);
  assert.equal(clip(parseEmoDb("08a02Lc.wav", { includeBoredom: true })).emotion, "boredom");
  assert.match(reason(parseEmoDb("04a01Wa.wav")), /speaker "04"/);
});
