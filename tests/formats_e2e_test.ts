import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { SYNTHETIC_MARKER, writeDemoCorpus } from "$lib/data/mod.ts";
import { parseCsv } from "$lib/io/mod.ts";
import { runPipeline } from "$lib/pipeline/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { runCli } from "./support/run_cli.ts";

/** Transcode a WAV with ffmpeg (FLAC lossless, MP3 at 128 kb/s). */
async function transcode(src: string, dst: string): Promise<void> {
  await Deno.mkdir(dirname(dst), { recursive: true });
  const r = await new Deno.Command("ffmpeg", {
    args: ["-nostdin", "-loglevel", "error", "-y", "-i", src, ...(dst.endsWith(".mp3") ? ["-b:a", "128k"] : []), dst],
  }).output();
  assert.ok(r.success, new TextDecoder().decode(r.stderr));
}

Deno.test("a corpus of FLAC and MP3 clips trains, and predict takes FLAC, Ogg, Opus, MP3, M4A and WebM files", async () => {
  const tmp = await Deno.makeTempDir();
  const wav = join(tmp, "wav"), data = join(tmp, "dataset");
  await writeDemoCorpus(wav, { limit: 96 });
  const marker = JSON.parse(await Deno.readTextFile(join(wav, SYNTHETIC_MARKER)));
  const files: string[] = marker.files;
  const renamed = files.map((f, i) => f.replace(/\.wav$/, i % 2 ? ".mp3" : ".flac"));
  for (let i = 0; i < files.length; i += 8) {
    await Promise.all(files.slice(i, i + 8).map((f, k) => transcode(join(wav, f), join(data, renamed[i + k]))));
  }
  await Deno.writeTextFile(join(data, SYNTHETIC_MARKER), JSON.stringify({ ...marker, files: renamed }));
  await Deno.copyFile(join(wav, "Crema", "VideoDemographics.csv"), join(data, "Crema", "VideoDemographics.csv"));
  const out = (f: string) => join(tmp, "outputs", f);
  const s = await runPipeline({
    dataDir: data,
    outputsDir: join(tmp, "outputs"),
    artifactsDir: join(tmp, "artifacts"),
    chartsDir: join(tmp, "charts"),
    cacheDir: null,
    epochs: 2,
    quiet: true,
    log: () => {},
  });
  assert.equal(s.counts.train + s.counts.val + s.counts.test, 96);
  const manifest = parseCsv(await Deno.readTextFile(out("manifest.csv")));
  assert.deepEqual(
    Object.fromEntries(["FLAC", "MP3"].map((c) => [c, manifest.filter((r) => r.container === c).length])),
    { FLAC: 48, MP3: 48 },
  );
  assert.ok(manifest.every((r) => r.decoder === "libsndfile"));
  const run = JSON.parse(await Deno.readTextFile(out("run.json")));
  assert.deepEqual(run.decoders.by_decoder, { libsndfile: 96 });
  assert.match(run.decoders.libsndfile, /^libsndfile-1\./);
  assert.match(run.versions.ffmpeg, /^\d+\.\d+/);
  const meta = JSON.parse(await Deno.readTextFile(join(tmp, "artifacts", "model_metadata.json")));
  assert.match(meta.versions.libsndfile, /^libsndfile-1\./);

  const inputs = [
    "speech_44100_s16.flac",
    "speech_16000.ogg",
    "speech_48000.opus",
    "speech_44100.mp3",
    "speech_44100_aac.m4a",
    "speech_48000_opus.webm",
  ]
    .map((f) => fixture("formats", f));
  const r = await runCli("predict.ts", ["--artifacts", join(tmp, "artifacts"), "--format", "json", ...inputs]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { file: string; error: string | null; emotion: string }[];
  assert.deepEqual(rows.map((x) => x.file), inputs);
  assert.ok(rows.every((x) => x.error === null && s.classes.includes(x.emotion)));
  await Deno.remove(tmp, { recursive: true });
});
