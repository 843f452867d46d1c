import assert from "node:assert/strict";
import { FEATURE_NAMES } from "$lib/features/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { fixture, librosaFeatures } from "./support/fixtures.ts";
import { runCli } from "./support/run_cli.ts";

const scale: number[] = JSON.parse(Deno.readTextFileSync(fixture("librosa", "feature_scale.json"))).scale;

Deno.test("deno task features writes named columns that match librosa, and an error row for a bad file", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/features.csv`;
  const good = fixture("audio", "speech_44100_s16.wav"), bad = fixture("bad", "mp3_in_wav.wav");
  const r = await runCli("features.ts", [good, bad, "--out", out]);
  assert.equal(r.code, 1, "a failed file makes the exit status 1");
  assert.match(r.stderr, /1 extracted, 1 failed/);
  const rows = parseCsv(await Deno.readTextFile(out));
  assert.deepEqual(Object.keys(rows[0]), ["path", "error", ...FEATURE_NAMES]);
  const ref = librosaFeatures()["speech_44100_s16.wav"].features;
  const row = rows.find((x) => x.path === good)!;
  assert.equal(row.error, "");
  FEATURE_NAMES.forEach((n, i) => assert.ok(Math.abs(Number(row[n]) - ref[i]) / scale[i] <= 0.05, n));
  const err = rows.find((x) => x.path === bad)!;
  assert.match(err.error, /unsupported WAV format code 0x0055/);
  assert.equal(err.mfcc_0, "");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task features writes JSON lines when --out ends in .jsonl", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/f.jsonl`;
  const r = await runCli("features.ts", [fixture("audio", "tiny_22050_s16.wav"), "--out", out]);
  assert.equal(r.code, 0);
  const lines = (await Deno.readTextFile(out)).trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.equal(Object.keys(lines[0]).length, 196);
  await Deno.remove(dir, { recursive: true });
});
