/**
 * Private: the classic-learner section of `./ser bench` — logistic regression (scikit-learn's defaults, run to its
 * optimum) and the RBF SVM (libsvm in WebAssembly, `SVC()`'s defaults) fitted on pooled features of the size of the six
 * kit corpora (13.5k × 676, 7 labels), against scikit-learn on the same rows on the same machine (Debian
 * python3-sklearn, one thread).
 *
 * With `--real DIR`, the rows are DIR's pooled features (from the feature cache); otherwise seeded synthetic rows of
 * that shape.
 *
 * @module
 */
import { discoverCorpus, extractCorpus } from "$lib/data/mod.ts";
import { applyScaler, fitScaler } from "$lib/model/mod.ts";
import { fitLogisticRegression } from "$lib/model/engine/logistic_regression.ts";
import { fitSvc } from "$lib/model/engine/support_vector_classifier.ts";
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
from sklearn.svm import SVC
dim = int(sys.argv[3])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, dim); y = np.fromfile(sys.argv[2], dtype=np.int32)
svm = sys.argv[5] == "svm"
t = time.perf_counter()
m = (SVC(break_ties=True) if svm else LogisticRegression(max_iter=10000, tol=float(sys.argv[4]))).fit(x, y)
seconds = time.perf_counter() - t
print(sklearn.__version__, seconds, len(m.support_) if svm else int(m.n_iter_[0]), m.score(x, y))
`;

/** scikit-learn's fit of the same rows, one thread: version, seconds, and iterations (logreg) or support vectors (svm). */
async function sklearnFit(dir: string, dim: number, learner: "logreg" | "svm"): Promise<string[] | null> {
  // scikit-learn's tol is on the gradient of the mean loss, as ours (1e-6 here: both reach the optimum).
  const r = await new Deno.Command("/usr/bin/python3", {
    args: ["-W", "ignore", `${dir}/fit.py`, `${dir}/x.f32`, `${dir}/y.i32`, String(dim), "1e-6", learner],
    env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch(() => null);
  return r?.success ? new TextDecoder().decode(r.stdout).trim().split(/\s+/) : null;
}

/** Logistic regression and the RBF SVM on the kit's shape, each against scikit-learn on the same rows. */
export async function benchClassic(ctx: BenchContext): Promise<void> {
  const d = await rows(ctx.real);
  console.log(`  rows: ${d.what}`);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/x.f32`, new Uint8Array(d.x.buffer));
    await Deno.writeFile(`${dir}/y.i32`, new Uint8Array(d.y.buffer));
    await Deno.writeTextFile(`${dir}/fit.py`, SKLEARN);
    let t0 = performance.now();
    const fit = fitLogisticRegression(d.x, d.y, { dim: d.dim });
    const ours = (performance.now() - t0) / 1000;
    console.log(
      `  logreg, ours: ${fit.iterations} L-BFGS iterations, ${fit.converged ? "converged" : "not converged"}`,
    );
    const lr = await sklearnFit(dir, d.dim, "logreg");
    if (lr) console.log(`  logreg, scikit-learn ${lr[0]}: ${lr[2]} lbfgs iterations, one thread`);
    versus("logistic regression fit, s", ours, lr ? { name: `scikit-learn ${lr[0]}`, value: Number(lr[1]) } : null, {
      unit: "s",
    });
    t0 = performance.now();
    const svc = fitSvc(d.x, d.y, { dim: d.dim, classes: Math.max(...d.y) + 1 });
    const oursSvc = (performance.now() - t0) / 1000;
    console.log(`  svm, ours: ${svc.supportRows.length} support vectors (libsvm 3.37, WebAssembly)`);
    const sv = await sklearnFit(dir, d.dim, "svm");
    if (sv) console.log(`  svm, scikit-learn ${sv[0]}: ${sv[2]} support vectors (its libsvm, native)`);
    versus(
      "RBF SVM fit (SVC defaults), s",
      oursSvc,
      sv ? { name: `scikit-learn ${sv[0]}`, value: Number(sv[1]) } : null,
      {
        unit: "s",
      },
    );
    if (!lr || !sv) console.log("  scikit-learn: not available (apt-get install python3-sklearn) — no ratio");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
