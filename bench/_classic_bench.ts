/**
 * Private: the classic-learner section of `./ser bench` — logistic regression (scikit-learn's defaults, run to its
 * optimum) fitted on pooled features of the size of the six kit corpora (13.5k × 676, 7 labels), against scikit-learn
 * on the same rows on the same machine (Debian python3-sklearn, one thread).
 *
 * With `--real DIR`, the rows are DIR's pooled features (from the feature cache); otherwise seeded synthetic rows of
 * that shape.
 *
 * @module
 */
import { discoverCorpus, extractCorpus } from "$lib/data/mod.ts";
import { applyScaler, fitScaler } from "$lib/model/mod.ts";
import { fitLogisticRegression } from "$lib/model/engine/logistic_regression.ts";
import { mulberry32 } from "$lib/random.ts";
import { type BenchContext, versus } from "./_measure.ts";

const LABELS = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"];

/** Standardised rows and labels: real pooled features of `dir`, or synthetic ones of the kit's size. */
async function rows(real: string | null): Promise<{ x: Float32Array; y: Int32Array; dim: number; what: string }> {
  if (real) {
    const d = await discoverCorpus(real, { labels: LABELS });
    const t = await extractCorpus(real, d.entries, { featureSet: "pooled", quiet: true });
    const labels = t.inputIndex.map((i) => d.entries[i].emotion);
    const classes = [...new Set(labels)].sort();
    return {
      x: standardise(t.data, t.dim),
      y: Int32Array.from(labels, (l) => classes.indexOf(l)),
      dim: t.dim,
      what: `${real}: ${labels.length} clips × ${t.dim} pooled features, ${classes.length} labels`,
    };
  }
  const n = 13518, dim = 676, rng = mulberry32(5), centres = Float32Array.from({ length: 7 * dim }, () => rng() - 0.5);
  const y = Int32Array.from({ length: n }, () => Math.floor(rng() * 7));
  const x = Float32Array.from(
    { length: n * dim },
    (_, j) => centres[y[Math.floor(j / dim)] * dim + (j % dim)] + 2 * (rng() - 0.5),
  );
  return {
    x: standardise(x, dim),
    y,
    dim,
    what: `synthetic: ${n} rows × ${dim}, 7 labels (give --real DIR for the kit)`,
  };
}

/** Rows z-scored by their own columns' mean and standard deviation (the scaler every family fits). */
function standardise(x: Float32Array, dim: number): Float32Array {
  return applyScaler(fitScaler(x, dim), x);
}

const SKLEARN = `
import sys, time, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
dim = int(sys.argv[3])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, dim); y = np.fromfile(sys.argv[2], dtype=np.int32)
t = time.perf_counter(); m = LogisticRegression(max_iter=10000, tol=float(sys.argv[4])).fit(x, y)
print(sklearn.__version__, time.perf_counter() - t, int(m.n_iter_[0]), m.score(x, y))
`;

/** Logistic regression on the kit's shape, against scikit-learn on the same rows. */
export async function benchClassic(ctx: BenchContext): Promise<void> {
  const d = await rows(ctx.real);
  console.log(`  rows: ${d.what}`);
  const t0 = performance.now();
  const fit = fitLogisticRegression(d.x, d.y, { dim: d.dim });
  const ours = (performance.now() - t0) / 1000;
  console.log(`  ours: ${fit.iterations} L-BFGS iterations, ${fit.converged ? "converged" : "not converged"}`);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/x.f32`, new Uint8Array(d.x.buffer));
    await Deno.writeFile(`${dir}/y.i32`, new Uint8Array(d.y.buffer));
    await Deno.writeTextFile(`${dir}/fit.py`, SKLEARN);
    // scikit-learn's tol is on the gradient of the mean loss, as ours (1e-6 here: both reach the optimum).
    const r = await new Deno.Command("/usr/bin/python3", {
      args: ["-W", "ignore", `${dir}/fit.py`, `${dir}/x.f32`, `${dir}/y.i32`, String(d.dim), "1e-6"],
      env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output().catch(() => null);
    const out = r?.success ? new TextDecoder().decode(r.stdout).trim().split(/\s+/) : null;
    if (!out) {
      console.log("  scikit-learn: not available (apt-get install python3-sklearn) — no ratio");
      versus("logistic regression fit, s", ours, null, { unit: "s" });
      return;
    }
    const [version, seconds, iterations] = out;
    console.log(`  scikit-learn ${version}: ${iterations} lbfgs iterations, one thread`);
    versus("logistic regression fit, s", ours, { name: `scikit-learn ${version}`, value: Number(seconds) }, {
      unit: "s",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
