import assert from "node:assert/strict";
import { MetadataError, parseMetadataManifest } from "./metadata_manifest.ts";

Deno.test("parseMetadataManifest() reads the audiofolder convention, keeps extra columns and normalises split and gender", () => {
  const m = parseMetadataManifest(
    "file_name,label,speaker,gender,split,channel\nrec1.wav,Happy,a7,F,validation,phone\nsub/rec2.wav,sad,,male,,\n",
    "calls/metadata.csv",
  );
  assert.deepEqual(m.columns, ["file_name", "label", "speaker", "gender", "split", "channel"]);
  assert.deepEqual(m.rows, [
    {
      line: 2,
      fileName: "rec1.wav",
      label: "Happy",
      speaker: "a7",
      gender: "female",
      split: "val",
      extra: { channel: "phone" },
    },
    { line: 3, fileName: "sub/rec2.wav", label: "sad", speaker: "", gender: "male", split: null, extra: {} },
  ]);
});

Deno.test("a BOM, CRLF line ends, an emotion column and blank lines are handled", () => {
  const m = parseMetadataManifest("\uFEFFFile_Name,Emotion\r\nx.wav,angry\r\n\r\ny.wav,calm\r\n", "m.csv");
  assert.deepEqual(m.rows.map((r) => [r.line, r.fileName, r.label]), [[2, "x.wav", "angry"], [4, "y.wav", "calm"]]);
});

Deno.test("JSON Lines manifests read the same fields, and a bad line names its number", () => {
  const m = parseMetadataManifest(
    '{"file_name":"a.flac","label":"neutral","speaker":3}\n\n{"file_name":"b.flac","label":"sad"}\n',
    "m.jsonl",
  );
  assert.deepEqual(m.rows.map((r) => [r.line, r.fileName, r.label, r.speaker]), [[1, "a.flac", "neutral", "3"], [
    3,
    "b.flac",
    "sad",
    "",
  ]]);
  assert.throws(
    () => parseMetadataManifest('{"file_name":"a","label":"x"}\n{oops\n', "m.jsonl"),
    /m\.jsonl: malformed JSON at line 2/,
  );
  assert.throws(() => parseMetadataManifest('["a","b"]\n', "m.jsonl"), /line 1 is not a JSON object/);
});

Deno.test("malformed CSV and missing columns are errors naming the file and line", async (t) => {
  await t.step("an unclosed quote", () => {
    assert.throws(
      () => parseMetadataManifest('file_name,label\na.wav,happy\n"b.wav,sad\n', "m.csv"),
      (e: Error) => e instanceof MetadataError && /^m\.csv: malformed CSV at line \d+/.test(e.message),
    );
  });
  await t.step("a row with too many fields", () => {
    assert.throws(
      () => parseMetadataManifest("file_name,label\na.wav,happy\nb.wav,sad,extra\n", "m.csv"),
      /m\.csv: malformed CSV at line 3/,
    );
  });
  await t.step("no label column", () => {
    assert.throws(
      () => parseMetadataManifest("file_name,mood\na.wav,happy\n", "m.csv"),
      /m\.csv: no "label" \(or "emotion"\) column \(columns: file_name, mood\)/,
    );
  });
  await t.step("no file_name column", () => {
    assert.throws(() => parseMetadataManifest("path,label\na.wav,happy\n", "m.csv"), /m\.csv: no "file_name" column/);
  });
  await t.step("rows with an empty file name or an unknown split are reported, not fatal", () => {
    const m = parseMetadataManifest("file_name,label,split\n,happy,\na.wav,sad,holdout\nb.wav,sad,test\n", "m.csv");
    assert.deepEqual(m.rows.map((r) => r.fileName), ["b.wav"]);
    assert.deepEqual(m.problems.map((p) => p.reason), [
      "m.csv line 2: empty file_name",
      'm.csv line 3: split "holdout" is not train, validation or test',
    ]);
  });
});
