/**
 * Private: the training section of `deno task bench` — the seed MLP's epoch on tfjs (the fused WebAssembly step)
 * against PyTorch on one thread, with the BLAS PyTorch actually loaded.
 *
 * @module
 */
import { buildOriginalMlp, initBackend, trainModel, withSeededRandom } from "$lib/model/mod.ts";
import { type BenchContext, ROOT, runMeasured, summarise, versus } from "./_measure.ts";

/** Synthetic rows like the bench's PyTorch script: uniform in [−1, 1), labels from the first column. */
function synthetic(rows: number, dim: number, seed: number): { x: Float32Array; y: Int32Array } {
  let a = seed;
  const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const x = Float32Array.from({ length: rows * dim }, () => r() * 2 - 1);
  const y = Int32Array.from({ length: rows }, (_, i) => Math.min(7, Math.floor(((x[i * dim] + 1) / 2) * 8)));
  return { x, y };
}

/** The seed MLP on 7,981 × 195 rows, batch 32, against PyTorch (Debian python3-torch) on one thread. */
export async function benchTrain(_ctx: BenchContext): Promise<void> {
  const backend = await initBackend();
  const epochs = 5;
  const res = await withSeededRandom(
    1,
    () =>
      trainModel(buildOriginalMlp(), synthetic(7981, 195, 12345), synthetic(1710, 195, 777), { epochs, patience: 100 }),
  );
  const ours = summarise(res.history.slice(1).map((h) => h.seconds));
  console.log(
    `  tfjs ${backend.tfjs} ${backend.name}${backend.simd ? " SIMD" : ""}, fused WebAssembly step: ` +
      `${res.history.map((h) => h.seconds.toFixed(2)).join(", ")} s per epoch`,
  );
  const torch = await torchEpochs({ OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" });
  if ("error" in torch) {
    console.log(`  PyTorch: ${torch.error} — no ratio`);
    versus("seed MLP epoch, s (median after the first)", ours.median, null, { unit: "s" });
    return;
  }
  const openblas = torch.blas.some((p) => /openblas/i.test(p));
  console.log(`  PyTorch ${torch.version}, BLAS loaded: ${torch.blas.join(", ") || "(none found in /proc/self/maps)"}`);
  if (!openblas) {
    console.log(
      "  !! PyTorch is NOT on OpenBLAS (reference BLAS is ~6× slower): apt-get install libopenblas0-pthread, " +
        "or the ratio below flatters tfjs",
    );
  }
  const anchor = { name: `PyTorch 1 thread${openblas ? " (OpenBLAS)" : ""}`, value: torch.median };
  versus("seed MLP epoch, s (median after the first)", ours.median, anchor, { unit: "s", target: "≤ 1.5× PyTorch" });
  versus("  best epoch, s", ours.best, { name: "PyTorch best", value: torch.best }, { unit: "s" });
  const both = await torchEpochs({});
  if (!("error" in both)) {
    console.log(
      `  for scale: PyTorch with OpenBLAS's own threads on both cores ${both.median.toFixed(2)} s/epoch ` +
        "(tfjs-wasm has no threads under Deno)",
    );
  }
}

async function torchEpochs(
  env: Record<string, string>,
): Promise<{ median: number; best: number; version: string; blas: string[] } | { error: string }> {
  const r = await runMeasured("/usr/bin/python3", [`${ROOT}tools/torch_seed_mlp.py`, "5"], { env }).catch((e) => ({
    code: -1,
    stderr: (e as Error).message,
    stdout: "",
  }));
  if (r.code !== 0) {
    const last = r.stderr.trim().split("\n").pop() ?? "";
    return {
      error: /No module named 'torch'/.test(r.stderr)
        ? "not installed (Debian: apt-get install python3-torch libopenblas0-pthread)"
        : `failed (${last})`,
    };
  }
  const j = JSON.parse(r.stdout.trim().split("\n").pop()!) as { torch: string; epoch_s: number[]; blas: string[] };
  return { ...summarise(j.epoch_s.slice(1)), version: j.torch, blas: j.blas };
}
