/**
 * Private: the ONNX section of `deno task bench` — every model family exported (`./ser export`) and run by
 * onnxruntime-node on the features `predict` computes for the same clips (40 real ones with `--real`): the largest
 * probability difference from `predict`, the labels that agree, and onnxruntime's inference time beside tfjs's.
 *
 * @module
 */
import * as ort from "onnxruntime-node";
import { runExtractionPool } from "$lib/data/mod.ts";
import { exportOnnx, familyNames, loadArtifacts, modelFamily } from "$lib/model/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import { benchClips, type BenchContext, familyArtifacts, versus } from "./_measure.ts";

/** Each clip's raw feature vector, as predict extracts it. */
async function featureRows(files: string[], featureSet: string): Promise<Float32Array[]> {
  const rows = new Array<Float32Array>(files.length);
  await runExtractionPool(files.map((path, id) => ({ id, path })), {
    workers: 2,
    featureSet: featureSet as never,
    onResult: (id, r) => {
      if (typeof r === "string") throw new Error(`${files[id]}: ${r}`);
      rows[id] = r;
    },
  });
  return rows;
}

/** One family: export, run both ways, compare. */
async function onnxOf(ctx: BenchContext, family: string, files: string[]): Promise<void> {
  const rows = await featureRows(files, modelFamily(family).featureSet);
  const art = await familyArtifacts(ctx, family, { rows });
  try {
    const trained = await loadArtifacts(art.dir);
    const onnx = exportOnnx(trained);
    const dim = rows[0].length, x = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => x.set(r, i * dim));
    const session = await ort.InferenceSession.create(onnx);
    const input = { features: new ort.Tensor("float32", x, [rows.length, dim]) };
    await session.run(input);
    let t = performance.now();
    const out = await session.run(input);
    const ortMs = performance.now() - t;
    const f = trained.fitted;
    f.family.predict(f, x, "global");
    t = performance.now();
    f.family.predict(f, x, "global");
    const tfjsMs = performance.now() - t;
    const probs = out.probabilities.data as Float32Array, K = trained.labels.length;
    const predicted = await (await loadPredictor(art.dir)).predictBatch(files, { workers: 2 });
    let gap = 0, same = 0;
    predicted.forEach((row, i) => {
      if (row.error !== null) return;
      const p = probs.subarray(i * K, (i + 1) * K);
      trained.labels.forEach((c, k) => (gap = Math.max(gap, Math.abs(p[k] - row.probabilities[c]))));
      if (trained.labels[p.indexOf(Math.max(...p))] === row.emotion) same++;
    });
    console.log(
      `  ${family}: ${(onnx.length / 1e6).toFixed(2)} MB graph; vs predict: largest |Δp| ${gap.toExponential(2)} ` +
        `(target ≤ 1e-5), labels ${same}/${files.length}; ${art.note}`,
    );
    versus(`  ${family}: ${files.length} vectors, onnxruntime`, ortMs, { name: "tfjs (wasm)", value: tfjsMs }, {
      unit: "ms",
      digits: 1,
    });
    f.family.dispose(f);
  } finally {
    if (art.temp) await Deno.remove(art.dir, { recursive: true });
  }
}

/** Every family. */
export async function benchOnnx(ctx: BenchContext): Promise<void> {
  const picked = await benchClips(ctx, 40);
  console.log(`  clips: ${picked.what}`);
  try {
    const families = [...new Set(familyNames().map((n) => modelFamily(n).name))];
    for (const family of families) await onnxOf(ctx, family, picked.files);
  } finally {
    if (picked.temp) await Deno.remove(picked.temp, { recursive: true });
  }
}
