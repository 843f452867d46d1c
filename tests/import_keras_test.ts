import assert from "node:assert/strict";
import { join } from "node:path";
import { unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from "fflate";
import { taskArgs } from "../cli/task_command.ts";
import { sha256Hex } from "$lib/data/mod.ts";
import { KerasImportError, PickleError } from "$lib/model/mod.ts";
import { importKerasArtifacts, loadPredictor } from "$lib/pipeline/mod.ts";
import { fixture, librosaFeatures } from "./support/fixtures.ts";
import { runCli } from "./support/run_cli.ts";

const seed = (f: string) => fixture("seed", f);
const reference = JSON.parse(await Deno.readTextFile(seed("reference_predictions.json")));
const librosa = librosaFeatures();
const MODELS = ["best_ser_model.keras", "speech_emotion_recognition_model.keras"];

async function imported(model: string, options: { scaler?: string; labels?: string } = {}): Promise<string> {
  const out = await Deno.makeTempDir();
  await importKerasArtifacts(model, { out, ...options });
  return out;
}

Deno.test("both seed models, imported, give the Python softmax on librosa's features within 1e-5", async (t) => {
  for (const m of MODELS) {
    await t.step(m, async () => {
      const p = await loadPredictor(await imported(seed(m)));
      assert.deepEqual(p.classes, reference.classes);
      let worst = 0;
      for (const [clip, ref] of Object.entries<{ probabilities: number[]; emotion: string }>(reference.models[m])) {
        const pr = p.predictFeatures(Float32Array.from(librosa[clip].features));
        p.classes.forEach((c, i) => (worst = Math.max(worst, Math.abs(pr.probabilities[c] - ref.probabilities[i]))));
        assert.equal(pr.emotion, ref.emotion, clip);
      }
      assert.ok(worst <= 1e-5, `largest probability gap ${worst}`);
      console.log(`    ${m}: largest gap on reference features ${worst.toExponential(2)}`);
    });
  }
});

Deno.test("end to end: predict with the imported artifacts gives the seed's emotion for every fixture clip", async (t) => {
  for (const m of MODELS) {
    await t.step(m, async () => {
      const out = await imported(seed(m));
      const clips = Object.keys(reference.models[m]);
      const r = await runCli("predict.ts", [
        "--artifacts",
        out,
        "--format",
        "json",
        ...clips.map((c) => fixture("audio", c)),
      ]);
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as { file: string; emotion: string; probabilities: Record<string, number> }[];
      let worst = 0;
      rows.forEach((row, i) => {
        const ref = reference.models[m][clips[i]];
        assert.equal(row.emotion, ref.emotion, clips[i]);
        reference.classes.forEach((
          c: string,
          k: number,
        ) => (worst = Math.max(worst, Math.abs(row.probabilities[c] - ref.probabilities[k]))));
      });
      console.log(`    ${m}: ${rows.length} clips from audio, largest probability gap ${worst.toExponential(2)}`);
    });
  }
});

Deno.test("the artifacts carry the scaler and classes exactly, and metadata marked imported with source hashes", async () => {
  const out = await imported(seed("best_ser_model.keras"));
  const scaler = JSON.parse(await Deno.readTextFile(join(out, "scaler.json")));
  assert.deepEqual(scaler.mean.slice(0, 3), reference.scaler_mean_first3);
  assert.deepEqual(scaler.scale.slice(0, 3), reference.scaler_scale_first3);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(join(out, "labels.json"))).classes, reference.classes);
  const meta = JSON.parse(await Deno.readTextFile(join(out, "model_metadata.json")));
  assert.equal(meta.origin, "imported from Keras");
  assert.equal(meta.total_parameters, 277192);
  assert.equal(
    meta.imported.files["best_ser_model.keras"],
    await sha256Hex(await Deno.readFile(seed("best_ser_model.keras"))),
  );
  assert.equal(meta.imported.files["scaler.pkl"], await sha256Hex(await Deno.readFile(seed("scaler.pkl"))));
  assert.match(meta.imported.labels, /label_encoder\.pkl/);
});

Deno.test("the legacy Keras 2 .h5 of the same model gives the same predictions as the .keras", async () => {
  const a = await loadPredictor(await imported(seed("best_ser_model.keras")));
  const b = await loadPredictor(
    await imported(seed("best_ser_model_legacy.h5"), { scaler: seed("scaler.pkl"), labels: seed("label_encoder.pkl") }),
  );
  for (const clip of Object.keys(librosa)) {
    const f = Float32Array.from(librosa[clip].features);
    assert.deepEqual(b.predictFeatures(f).probabilities, a.predictFeatures(f).probabilities, clip);
  }
  assert.match(b.metadata.imported!.from, /Keras 2\.15\.0 \(legacy \.h5\)/);
});

Deno.test("without a label encoder the seed's alphabetical classes are used, and the metadata says so", async () => {
  const tmp = await Deno.makeTempDir();
  await Deno.copyFile(seed("best_ser_model.keras"), join(tmp, "m.keras"));
  await Deno.copyFile(seed("scaler.pkl"), join(tmp, "scaler.pkl"));
  const out = join(tmp, "artifacts");
  const s = await importKerasArtifacts(join(tmp, "m.keras"), { out });
  assert.deepEqual(s.classes, reference.classes);
  assert.match(s.labelsSource, /no label encoder given: the seed's alphabetical classes/);
});

Deno.test("hostile inputs each get an error naming the file and the problem", async (t) => {
  const tmp = await Deno.makeTempDir();
  const keras = await Deno.readFile(seed("best_ser_model.keras"));
  const write = async (
    name: string,
    bytes: Uint8Array,
  ) => (await Deno.writeFile(join(tmp, name), bytes), join(tmp, name));
  const fails = async (
    model: string,
    options: { scaler?: string; labels?: string },
    type: typeof KerasImportError | typeof PickleError,
    re: RegExp,
  ) => {
    const err = await importKerasArtifacts(model, { scaler: seed("scaler.pkl"), out: join(tmp, "out"), ...options })
      .catch((e) => e);
    assert.ok(err instanceof type, `${err}`);
    assert.match(err.message, re);
  };
  await t.step("a truncated zip", async () => {
    const cut = await write("cut.keras", keras.subarray(0, 100_000));
    await fails(cut, {}, KerasImportError, /cut\.keras: not a readable \.keras zip/);
  });
  await t.step("a .keras with an unknown layer", async () => {
    const files = unzipSync(keras);
    const config = JSON.parse(new TextDecoder().decode(files["config.json"]));
    config.config.layers.splice(2, 0, {
      class_name: "Conv1D",
      config: { name: "conv1d", filters: 8, kernel_size: [3] },
    });
    files["config.json"] = new TextEncoder().encode(JSON.stringify(config));
    const path = await write("conv.keras", zipSync(files));
    await fails(
      path,
      {},
      KerasImportError,
      /conv\.keras: the weights file has no "layers\/conv1d\/vars"|layer "conv1d" is a Conv1D, which this importer does not map/,
    );
  });
  await t.step("an option that would change inference (a float16 dtype policy)", async () => {
    const files = unzipSync(keras);
    const config = JSON.parse(new TextDecoder().decode(files["config.json"]));
    config.config.layers[1].config.dtype = { class_name: "DTypePolicy", config: { name: "mixed_float16" } };
    files["config.json"] = new TextEncoder().encode(JSON.stringify(config));
    await fails(
      await write("f16.keras", zipSync(files)),
      {},
      KerasImportError,
      /layer "dense" \(Dense\) has dtype = "mixed_float16", which cannot be mapped faithfully/,
    );
  });
  await t.step("a scaler whose width is not 195", async () => {
    await fails(
      seed("best_ser_model.keras"),
      { scaler: seed("scaler_194.pkl") },
      KerasImportError,
      /scaler_194\.pkl: the scaler has 194 features, but the model and the seed's feature set have 195/,
    );
  });
  await t.step("a label count that does not match the output layer", async () => {
    await fails(
      seed("best_ser_model.keras"),
      { labels: seed("label_encoder_7.pkl") },
      KerasImportError,
      /label_encoder_7\.pkl: 7 labels \(.*\) but the model's output layer has 8 units/,
    );
  });
  await t.step("a pickle with a forbidden global", async () => {
    const evil = await write(
      "evil.pkl",
      new Uint8Array([
        0x80,
        4,
        0x8c,
        2,
        0x6f,
        0x73,
        0x8c,
        6,
        ...new TextEncoder().encode("system"),
        0x93,
        0x8c,
        2,
        0x6c,
        0x73,
        0x85,
        0x52,
        0x2e,
      ]),
    );
    await fails(
      seed("best_ser_model.keras"),
      { scaler: evil },
      PickleError,
      /evil\.pkl: refuses the global "os\.system"/,
    );
  });
  await t.step(
    "a zip bomb: a 600 MB entry is refused as too large before it is inflated, in little memory",
    async () => {
      // Built streaming (600 MB of zeros deflate to about 600 KB), so the test itself stays small too.
      const chunks: Uint8Array[] = [];
      const zip = new Zip((err, data) => {
        if (err) throw err;
        chunks.push(data);
      });
      for (const [n, b] of Object.entries(unzipSync(keras))) {
        if (n === "config.json") continue;
        const f = new ZipPassThrough(n);
        zip.add(f);
        f.push(b, true);
      }
      const bomb = new ZipDeflate("config.json", { level: 1 });
      zip.add(bomb);
      const mb = new Uint8Array(1024 * 1024);
      for (let i = 0; i < 600; i++) bomb.push(mb, i === 599);
      zip.end();
      const path = await write("bomb.keras", concat(chunks));
      await fails(
        path,
        {},
        KerasImportError,
        /bomb\.keras: the zip entry "config\.json" declares 629,145,600 bytes, over its 4,194,304-byte limit: refused as too large/,
      );
      const peak = await peakRssMb(["import_keras.ts", path, "--scaler", seed("scaler.pkl"), "--out", join(tmp, "o2")]);
      assert.ok(peak.mb < 300, `peak RSS ${peak.mb.toFixed(0)} MB`);
      assert.equal(peak.code, 1);
      console.log(`zip bomb refused at a peak RSS of ${peak.mb.toFixed(0)} MB`);
    },
  );
  await t.step("zip entries with absolute or .. paths are refused, naming the entry", async () => {
    for (const evil of ["../../../../tmp/pwned.txt", "/etc/cron.d/x"]) {
      const files = { ...unzipSync(keras), [evil]: new TextEncoder().encode("x") };
      await fails(
        await write("slip.keras", zipSync(files)),
        {},
        KerasImportError,
        new RegExp(`the zip entry "${evil.replace(/[./]/g, "\\$&")}" points outside the archive: refused`),
      );
    }
  });
  await t.step("an HDF5 dataset that declares 4e10 values is refused from its shape, without reading it", async () => {
    await fails(
      seed("huge_dataset_legacy.h5"),
      {},
      KerasImportError,
      /"model_weights\/dense\/dense\/kernel:0" declares 200000×200000 values, over the 16,000,000/,
    );
  });
  await t.step("the CLI prints the reason and exits 1", async () => {
    const r = await runCli("import_keras.ts", [
      join(tmp, "cut.keras"),
      "--scaler",
      seed("scaler.pkl"),
      "--out",
      join(tmp, "o"),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /import-keras failed: .*cut\.keras: not a readable \.keras zip/);
  });
});

Deno.test("the import-keras CLI writes artifacts that predict uses, finding the pickles beside the model", async () => {
  const tmp = await Deno.makeTempDir();
  for (const f of ["best_ser_model.keras", "scaler.pkl", "label_encoder.pkl"]) {
    await Deno.copyFile(seed(f), join(tmp, f));
  }
  const r = await runCli("import_keras.ts", [join(tmp, "best_ser_model.keras"), "--out", join(tmp, "artifacts")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /277,192 parameters/);
  assert.match(
    r.stdout,
    /classes {3}angry, calm, disgust, fear, happy, neutral, sad, surprise {2}\(label_encoder\.pkl/,
  );
  const p = await runCli("predict.ts", [
    "--artifacts",
    join(tmp, "artifacts"),
    "--format",
    "json",
    fixture("audio", "short_yes_22050_s16.wav"),
  ]);
  assert.equal(
    JSON.parse(p.stdout)[0].emotion,
    reference.models["best_ser_model.keras"]["short_yes_22050_s16.wav"].emotion,
  );
});

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

/** Run a CLI script as its task does and follow its peak resident memory (VmHWM) until it exits. */
async function peakRssMb(args: string[]): Promise<{ mb: number; code: number }> {
  const [script, ...rest] = args;
  const child = new Deno.Command(Deno.execPath(), { args: taskArgs(script, rest), stdout: "null", stderr: "null" })
    .spawn();
  let mb = 0, done = false;
  const status = child.status.then((s) => ((done = true), s));
  while (!done) {
    const text = await Deno.readTextFile(`/proc/${child.pid}/status`).catch(() => "");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(text)?.[1] ?? 0);
    mb = Math.max(mb, kb / 1024);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { mb, code: (await status).code };
}
