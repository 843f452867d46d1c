import assert from "node:assert/strict";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { parseCsv } from "$lib/io/mod.ts";
import { fixture } from "./support/fixtures.ts";
import { runCli, trainSmallDemoRun } from "./support/run_cli.ts";

/** Fixture recordings of real speech (and one of music-like tones) in several containers and rates. */
const CLIPS = [
  fixture("audio", "speech_22050_s16.wav"),
  fixture("audio", "speech_16000_s16.wav"),
  fixture("audio", "speech_44100_s16.wav"),
  fixture("audio", "speech_48000_s32.wav"),
  fixture("audio", "speech_24414_s16.wav"),
  fixture("formats", "speech_44100_s16.flac"),
  fixture("formats", "speech_44100.mp3"),
  fixture("formats", "speech_16000.ogg"),
  fixture("formats", "speech_48000.opus"),
  fixture("audio", "chord_22050_s16.wav"),
];

/** `./ser features` vectors of the clips, in its column order, as one float32 matrix. */
async function featureMatrix(set: string): Promise<{ x: Float32Array; dim: number }> {
  const r = await runCli("features.ts", ["--feature-set", set, ...CLIPS]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseCsv(r.stdout);
  const names = Object.keys(rows[0]).slice(2);
  return { x: Float32Array.from(rows.flatMap((row) => names.map((n) => Number(row[n])))), dim: names.length };
}

/** Whether Debian's python3-onnx is there to run the official checker. */
const checker = await new Deno.Command("/usr/bin/python3", { args: ["-c", "import onnx"] }).output()
  .then((o) => o.code === 0, () => false);

for (
  const [family, set, modes] of [
    ["original-mlp", "original", ["global"]],
    ["pooled-mlp", "pooled", ["global", "enrolled"]],
    ["logreg", "pooled", ["global", "enrolled"]],
    ["svm", "pooled", ["global", "enrolled"]],
    ["knn", "pooled", ["global", "enrolled"]],
    ["linear-svm", "pooled", ["global"]],
    ["forest", "pooled", ["global", "enrolled"]],
  ] as const
) {
  Deno.test(`${family}: the exported ONNX graph, run by onnxruntime on ./ser features vectors, gives predict's probabilities within 1e-5`, async (t) => {
    const run = await trainSmallDemoRun({ limit: 120, epochs: 2, model: family, modes: [...modes] });
    const onnx = join(run.tmp, "model.onnx");
    const e = await runCli("export.ts", ["--artifacts", run.artifacts, "--format", "onnx", "--out", onnx]);
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /WARNING: this model was trained on the SYNTHETIC demo corpus/);
    const session = await ort.InferenceSession.create(await Deno.readFile(onnx));
    const { x, dim } = await featureMatrix(set);
    const n = x.length / dim;
    const out = await session.run({ features: new ort.Tensor("float32", x, [n, dim]) });
    const probs = out.probabilities.data as Float32Array;
    const predict = JSON.parse(
      (await runCli("predict.ts", ["--artifacts", run.artifacts, "--format", "json", ...CLIPS])).stdout,
    );
    const classes = Object.keys(predict[0].probabilities);
    let gap = 0;
    predict.forEach((row: { emotion: string; probabilities: Record<string, number> }, i: number) => {
      classes.forEach((c, k) => (gap = Math.max(gap, Math.abs(probs[i * classes.length + k] - row.probabilities[c]))));
      const best = classes.reduce(
        (a, c, k) => (probs[i * classes.length + k] > probs[i * classes.length + classes.indexOf(a)] ? c : a),
        classes[0],
      );
      assert.equal(best, row.emotion, CLIPS[i]);
    });
    assert.ok(gap <= 1e-5, `largest probability difference ${gap}`);
    console.log(`${family}: ONNX vs predict, largest probability difference ${gap.toExponential(2)} over ${n} clips`);
    assert.deepEqual(out.gender.dims, [n, 2]);
    await t.step("the official checker passes and metadata_props carry the labels, feature set and mode", async () => {
      if (!checker) return;
      const py = await new Deno.Command("/usr/bin/python3", {
        args: [
          "-c",
          `import onnx, json, sys
m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)
print(m.opset_import[0].version); print(json.dumps({p.key: p.value for p in m.metadata_props}))
print(json.dumps(sorted({f"{n.domain}:{n.op_type}" for n in m.graph.node})))`,
          onnx,
        ],
      }).output();
      assert.equal(py.code, 0, new TextDecoder().decode(py.stderr));
      const [opset, json, ops] = new TextDecoder().decode(py.stdout).trim().split("\n");
      const meta = JSON.parse(json);
      assert.deepEqual(JSON.parse(meta.labels), classes);
      assert.equal(meta.feature_set, set);
      assert.equal(meta.mode, "global");
      assert.equal(Number(opset), 13);
      const learnerOps = JSON.parse(ops).filter((o: string) => o.startsWith("ai.onnx.ml:"));
      assert.deepEqual(learnerOps, family === "forest" ? ["ai.onnx.ml:TreeEnsembleClassifier"] : []);
    });
    if (modes.includes("enrolled" as never)) {
      await t.step(
        "the enrolled mode's graph takes the enrolment as a second input and matches predict --enrol",
        async () => {
          const en = join(run.tmp, "enrolled.onnx");
          assert.equal(
            (await runCli("export.ts", ["--artifacts", run.artifacts, "--mode", "enrolled", "--out", en])).code,
            0,
          );
          const s2 = await ort.InferenceSession.create(await Deno.readFile(en));
          const enrolRows = parseCsv((await runCli("features.ts", ["--feature-set", set, CLIPS[1]])).stdout);
          const mean = Float32Array.from(Object.keys(enrolRows[0]).slice(2).map((k) => Number(enrolRows[0][k])));
          const cli = JSON.parse(
            (await runCli("predict.ts", [
              "--artifacts",
              run.artifacts,
              "--format",
              "json",
              "--enrol",
              CLIPS[1],
              CLIPS[0],
            ])).stdout,
          )[0];
          // A one-clip enrolment is short: predict weighs it, min(1, seconds / 10), and blends in the global answer.
          assert.ok(cli.enrolmentWeight > 0 && cli.enrolmentWeight < 1, JSON.stringify(cli));
          const o2 = await s2.run({
            features: new ort.Tensor("float32", x.subarray(0, dim), [1, dim]),
            enrolment: new ort.Tensor("float32", mean, [1, dim]),
            enrolment_weight: new ort.Tensor("float32", Float32Array.of(cli.enrolmentWeight), [1, 1]),
          });
          assert.equal(cli.mode, "enrolled");
          classes.forEach((c, k) =>
            assert.ok(Math.abs((o2.probabilities.data as Float32Array)[k] - cli.probabilities[c]) <= 1e-5, c)
          );
        },
      );
    }
    await Deno.remove(run.tmp, { recursive: true });
  });
}
