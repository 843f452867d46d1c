import assert from "node:assert/strict";
import { corpusKey, cvFolds } from "./cv_folds.ts";

const ravdess = Array.from({ length: 24 }, (_, a) =>
  Array.from({ length: 5 }, () => ({
    corpus: "RAVDESS",
    speaker: `ravdess_${String(a + 1).padStart(2, "0")}`,
    fields: { actor: String(a + 1).padStart(2, "0") },
  }))).flat();
const tess = Array.from(
  { length: 6 },
  (_, i) => ({ corpus: "TESS", speaker: i % 2 ? "tess_OAF" : "tess_YAF", fields: {} }),
);

Deno.test("ravdess6: six folds of four actors, speakers never on both sides, every clip tested exactly once", () => {
  const { fold, names } = cvFolds([...ravdess, ...tess], "ravdess6");
  assert.equal(names.length, 6);
  assert.deepEqual(names.slice(0, 2), ["actors 01–04", "actors 05–08"]);
  for (let k = 0; k < 6; k++) {
    const test = new Set(ravdess.filter((_, i) => fold[i] === k).map((r) => r.speaker));
    assert.equal(test.size, 4);
    const train = new Set(ravdess.filter((_, i) => fold[i] !== k).map((r) => r.speaker));
    for (const s of test) assert.ok(!train.has(s), `${s} on both sides of fold ${k}`);
  }
  assert.equal(fold.slice(0, ravdess.length).filter((f) => f >= 0).length, ravdess.length);
  assert.ok(fold.slice(ravdess.length).every((f) => f === -2), "other corpora left out without --extra-corpora");
  assert.ok(
    cvFolds([...ravdess, ...tess], "ravdess6", { extraCorpora: true }).fold.slice(ravdess.length).every((f) =>
      f === -1
    ),
  );
});

Deno.test("loso: one speaker per fold, grouped round-robin past maxFolds; two-speaker corpora only train", () => {
  const savee = ["DC", "JE", "JK", "KL"].flatMap((s) =>
    Array.from({ length: 3 }, () => ({ corpus: "SAVEE", speaker: `savee_${s}`, fields: {} }))
  );
  const crema = Array.from({ length: 25 }, (_, a) => ({ corpus: "CREMA-D", speaker: `crema_${1001 + a}`, fields: {} }));
  const rows = [...savee, ...crema, ...tess];
  const { fold, names } = cvFolds(rows, "loso", { maxFolds: 10, extraCorpora: true });
  assert.equal(names.length, 10 + 4);
  const foldsOf = (s: string) =>
    new Set(rows.map((r, i) => (r.speaker === s ? fold[i] : null)).filter((f) => f !== null));
  for (const r of rows) if (r.corpus !== "TESS") assert.equal(foldsOf(r.speaker).size, 1, r.speaker);
  assert.equal(new Set(savee.map((_, i) => fold[i])).size, 4);
  assert.equal(new Set(crema.map((_, i) => fold[savee.length + i])).size, 10);
  assert.ok(tess.every((_, i) => fold[savee.length + crema.length + i] === -1));
  // Every tested clip is tested once: the folds partition the non-TESS clips.
  assert.equal(fold.filter((f) => f >= 0).length, savee.length + crema.length);
});

Deno.test("protocols refuse data they cannot test", () => {
  assert.throws(() => cvFolds(tess, "ravdess6"), /ravdess6 needs RAVDESS clips/);
  assert.throws(() => cvFolds(tess, "loso"), /loso needs a corpus with at least three speakers/);
  assert.throws(() => cvFolds([{ corpus: "x", speaker: "", fields: {} }], "loso"), /needs every clip's speaker/);
});

Deno.test("corpus: each corpus tested in turn and trained on the others; --test names match loosely", () => {
  const rows = [
    ...ravdess.slice(0, 10),
    ...tess,
    { corpus: "EMO-DB", speaker: "emodb_03", fields: {} },
    { corpus: "EMO-DB", speaker: "emodb_08", fields: {} },
  ];
  const all = cvFolds(rows, "corpus");
  assert.deepEqual(all.names, ["EMO-DB", "RAVDESS", "TESS"]);
  assert.equal(all.fold.filter((f) => f >= 0).length, rows.length);
  for (const [k, name] of all.names.entries()) {
    const side = rows.filter((_, i) => all.fold[i] !== k);
    assert.ok(side.every((r) => r.corpus !== name), `fold ${name} trains on its own corpus`);
  }
  const one = cvFolds(rows, "corpus", { test: ["emodb"] });
  assert.deepEqual(one.names, ["EMO-DB"]);
  assert.equal(one.fold.filter((f) => f === 0).length, 2);
  assert.equal(one.fold.filter((f) => f === -1).length, rows.length - 2);
  assert.equal(corpusKey("EMO-DB"), corpusKey("Emo_db"));
  assert.throws(
    () => cvFolds(rows, "corpus", { test: ["savee"] }),
    /--test savee: no such corpus .* \(found EMO-DB, RAVDESS, TESS\)/,
  );
  assert.throws(() => cvFolds(tess, "corpus"), /at least two corpora/);
});
