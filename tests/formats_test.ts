import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { AudioDecodeError, loadAudio, loadAudioBytes, openAudio } from "$lib/audio/mod.ts";
import { fixture, maxAbsDiff, readF32 } from "./support/fixtures.ts";
import { ROOT } from "./support/run_cli.ts";

interface FormatEntry {
  loaded_samples?: number;
  y22050?: string;
  native_rate?: number;
  native_channels?: number;
  native_frames?: number;
  native1s?: string;
  decoder?: string;
  librosa_error?: string;
}
const index: Record<string, FormatEntry> = JSON.parse(Deno.readTextFileSync(fixture("formats", "index.json"))).files;
const readable = Object.entries(index).filter(([, e]) => e.y22050);
const LOSSLESS = /\.(flac|aiff|caf|w64)$|aiff_named\.wav$/;

Deno.test("loadAudio() matches librosa.load in every container of the fixtures (11 files)", async (t) => {
  assert.equal(readable.length, 12); // 11 containers + truncated.flac
  for (const [name, e] of readable) {
    await t.step(`${name}: ${e.decoder}`, async () => {
      const a = await loadAudio(fixture("formats", name), { sampleRate: 22050, duration: 3 });
      assert.equal(a.decoder, e.decoder === "libsndfile" ? "libsndfile" : "ffmpeg");
      assert.equal(a.y.length, e.loaded_samples, "loaded_samples");
      const err = maxAbsDiff(a.y, readF32(fixture("formats", e.y22050!)));
      assert.ok(err <= (LOSSLESS.test(name) ? 1e-6 : 1e-5), `y22050 max abs error ${err}`);
      const n = await loadAudio(fixture("formats", name), { sampleRate: null, mono: false, duration: 1 });
      assert.equal(n.nativeSampleRate, e.native_rate);
      assert.equal(n.channelData.length, e.native_channels);
      assert.equal(n.channelData[0].length, e.native_frames);
      const ref = readF32(fixture("formats", e.native1s!));
      n.channelData.forEach((ch, c) => {
        assert.equal(maxAbsDiff(ch, ref.subarray(c * e.native_frames!, (c + 1) * e.native_frames!)), 0, `channel ${c}`);
      });
    });
  }
});

Deno.test("the container comes from the bytes: AIFF data behind a .wav name is read as AIFF", async () => {
  const a = await loadAudio(fixture("formats", "speech_24414_aiff_named.wav"), { duration: 3 });
  assert.equal(a.container, "AIFF");
  assert.equal(a.decoder, "libsndfile");
});

Deno.test("bytes decode exactly as the file does: libsndfile's virtual I/O and ffmpeg's stdin", async (t) => {
  for (const [name] of readable) {
    await t.step(name, async () => {
      const path = fixture("formats", name);
      const bytes = await Deno.readFile(path);
      const fromFile = await loadAudio(path, { duration: 3 });
      const fromBytes = await loadAudio(bytes, { duration: 3, source: "upload" });
      assert.equal(fromBytes.source, "upload");
      assert.equal(maxAbsDiff(fromBytes.y, fromFile.y), 0);
      if (fromFile.decoder === "libsndfile") {
        assert.equal(maxAbsDiff(loadAudioBytes(bytes, { duration: 3 }).y, fromFile.y), 0);
      }
    });
  }
});

Deno.test("offset and duration seek and count frames as librosa does in every decoder", async (t) => {
  for (const name of ["speech_44100_s16.flac", "speech_16000.ogg", "speech_44100_aac.m4a"]) {
    await t.step(name, async () => {
      const path = fixture("formats", name);
      const whole = await loadAudio(path, { sampleRate: null });
      const sr = whole.nativeSampleRate;
      const part = await loadAudio(path, { sampleRate: null, offset: 0.5, duration: 0.25 });
      const first = Math.round(0.5 * sr), count = Math.round(0.25 * sr); // integral here, so trunc = round
      assert.equal(part.y.length, count);
      assert.equal(maxAbsDiff(part.y, whole.y.subarray(first, first + count)), 0);
    });
  }
});

Deno.test("hostile non-WAV files get a typed error naming the file and the reason; truncated.flac loads what is there", async (t) => {
  const expected: Record<string, RegExp> = {
    "empty.mp3": /empty file \(0 bytes\)/,
    "garbage.ogg": /Ogg: libsndfile could not decode it \(.+\)/,
    "header_only.flac": /FLAC: no audio frames could be decoded/,
    "random.mp3": /unrecognised audio format \(first bytes [0-9a-f ]+\): libsndfile: .+; ffmpeg: .+/,
    "text_named.flac": /a text file, not audio \(first bytes "this"\)/,
  };
  for (const [name, e] of Object.entries(index).filter(([, e]) => e.librosa_error)) {
    await t.step(`${name} (librosa: ${e.librosa_error})`, async () => {
      const path = fixture("formats", name);
      const err = await loadAudio(path, { duration: 3 }).then(() => null, (x) => x);
      assert.ok(err instanceof AudioDecodeError, `${name}: ${err}`);
      assert.ok(err.message.startsWith(`${path}: `), err.message);
      assert.match(err.message, expected[name]);
    });
  }
  await t.step("libsndfile's own text is carried on the error", async () => {
    const err = await loadAudio(fixture("formats", "garbage.ogg")).catch((x) => x);
    assert.equal(err.decoder, "libsndfile");
    assert.ok(err.detail.length > 0 && err.message.includes(err.detail));
  });
  await t.step("truncated.flac: 18,432 samples at 22050 Hz, as librosa", async () => {
    const a = await loadAudio(fixture("formats", "truncated.flac"), { duration: 3 });
    assert.equal(a.y.length, 18432);
  });
  await t.step("a batch over all of them accounts for every file and goes on", async () => {
    const names = Object.keys(index);
    const outcomes = await Promise.all(
      names.map((n) => loadAudio(fixture("formats", n)).then(() => "ok", (x) => x.name)),
    );
    assert.deepEqual(outcomes.filter((o) => o !== "ok").sort(), Array(5).fill("AudioDecodeError"));
  });
});

Deno.test("openAudio() reads in blocks that join up to the whole decode, and closes its subprocess", async (t) => {
  for (const name of ["stereo_44100_s24.flac", "speech_48000_opus.webm"]) {
    await t.step(name, async () => {
      const path = fixture("formats", name);
      const whole = await loadAudio(path, { sampleRate: null, mono: false });
      const r = await openAudio(path);
      const parts: number[] = [];
      try {
        for (let b = await r.read(4000); b.length > 0; b = await r.read(4000)) {
          assert.ok(b.length <= 4000 * r.channels);
          for (let i = 0; i < b.length; i += r.channels) parts.push(b[i]);
        }
      } finally {
        await r.close();
      }
      assert.equal(maxAbsDiff(parts, whole.channelData[0]), 0);
      await r.close(); // idempotent
    });
  }
});

/** Run a small loader script with the given permissions and environment; returns its JSON output. */
async function loadIn(args: string[], env: Record<string, string>, files: string[]): Promise<Record<string, string>> {
  const script = join(await Deno.makeTempDir(), "load.ts");
  await Deno.writeTextFile(
    script,
    `import { loadAudio } from "${join(ROOT, "lib/audio/mod.ts")}";
const out: Record<string, string> = {};
for (const f of Deno.args) out[f] = await loadAudio(f, { duration: 3 }).then((a) => "ok " + a.y.length, (e) => e.message);
console.log(JSON.stringify(out));`,
  );
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...args, "--config", join(ROOT, "deno.json"), script, ...files],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dirname(script), { recursive: true });
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  return JSON.parse(new TextDecoder().decode(r.stdout));
}

Deno.test("without its decoders, WAV still loads and other containers say what to install", async (t) => {
  const wav = fixture("audio", "speech_22050_s16.wav"), flac = fixture("formats", "speech_44100_s16.flac");
  const m4a = fixture("formats", "speech_44100_aac.m4a");
  const home = Deno.env.get("HOME") ?? "/root";
  await t.step("no libsndfile (FFI not permitted): FLAC names libsndfile and how to install it", async () => {
    const out = await loadIn(["--allow-read", "--allow-env", "--allow-run"], {
      HOME: home,
      PATH: Deno.env.get("PATH")!,
    }, [
      wav,
      flac,
    ]);
    assert.equal(out[wav], "ok 58139");
    assert.match(
      out[flac],
      /FLAC needs libsndfile, which could not be loaded: install libsndfile \(Debian: apt-get install libsndfile1/,
    );
  });
  await t.step("no ffmpeg on PATH: M4A names ffmpeg and how to install it", async () => {
    const out = await loadIn(["-A"], { HOME: home, PATH: dirname(Deno.execPath()) }, [wav, m4a]);
    assert.equal(out[wav], "ok 58139");
    assert.match(
      out[m4a],
      /MP4\/M4A needs ffmpeg, which is not on PATH: install ffmpeg \(Debian: apt-get install ffmpeg/,
    );
  });
});
