/**
 * Private: the classic-learner section of `./ser bench` — logistic regression (scikit-learn's defaults, run to its
 * optimum), the RBF SVM (libsvm in WebAssembly, `SVC()`'s defaults) and the random forest (`RandomForestClassifier()`'s
 * defaults) fitted on pooled features of the size of the six
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
import { fitRandomForest } from "$lib/model/engine/random_forest.ts";
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
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
dim = int(sys.argv[3])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, dim); y = np.fromfile(sys.argv[2], dtype=np.int32)
learner = sys.argv[5]
m = {"svm": lambda: SVC(break_ties=True), "forest": lambda: RandomForestClassifier(random_state=0),
     "logreg": lambda: LogisticRegression(max_iter=10000, tol=float(sys.argv[4]))}[learner]()
t = time.perf_counter()
m.fit(x, y)
seconds = time.perf_counter() - t
size = {"svm": lambda: len(m.support_), "logreg": lambda: int(m.n_iter_[0]),
        "forest": lambda: sum(e.tree_.node_count for e in m.estimators_)}[learner]()
print(sklearn.__version__, seconds, size, m.score(x, y))
`;

type Learner = "logreg" | "svm" | "forest";

/** scikit-learn's fit of the same rows, one thread: version, seconds, and iterations (logreg), support vectors (svm) or nodes (forest). */
async function sklearnFit(dir: string, dim: number, learner: Learner): Promise<string[] | null> {
  // scikit-learn's tol is on the gradient of the mean loss, as ours (1e-6 here: both reach the optimum).
  const r = await new Deno.Command("/usr/bin/python3", {
    args: ["-W", "ignore", `${dir}/fit.py`, `${dir}/x.f32`, `${dir}/y.i32`, String(dim), "1e-6", learner],
    env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch(() => null);
  return r?.success ? new TextDecoder().decode(r.stdout).trim().split(/\s+/) : null;
}

/** Our fit of one learner: seconds and what to say of the model. */
function oursFit(
  d: { x: Float32Array; y: Int32Array; dim: number },
  learner: Learner,
): { seconds: number; says: string } {
  const t0 = performance.now(), classes = Math.max(...d.y) + 1;
  let says: string;
  if (learner === "logreg") {
    const fit = fitLogisticRegression(d.x, d.y, { dim: d.dim });
    says = `${fit.iterations} L-BFGS iterations, ${fit.converged ? "converged" : "not converged"}`;
  } else if (learner === "svm") {
    says = `${fitSvc(d.x, d.y, { dim: d.dim, classes }).supportRows.length} support vectors (libsvm 3.37, WebAssembly)`;
  } else {
    const trees = fitRandomForest(d.x, d.y, { dim: d.dim, classes, seed: 0 });
    says = `${trees.reduce((s, t) => s + t.feature.length, 0)} nodes in ${trees.length} trees`;
  }
  return { seconds: (performance.now() - t0) / 1000, says };
}

const WHAT: Record<Learner, [string, string]> = {
  logreg: ["logistic regression fit, s", "lbfgs iterations"],
  svm: ["RBF SVM fit (SVC defaults), s", "support vectors (its libsvm, native)"],
  forest: ["random forest fit (RandomForestClassifier defaults), s", "nodes in 100 trees"],
};

/** Logistic regression, the RBF SVM and the random forest on the kit's shape, each against scikit-learn on the same rows. */
export async function benchClassic(ctx: BenchContext): Promise<void> {
  const d = await rows(ctx.real);
  console.log(`  rows: ${d.what}`);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/x.f32`, new Uint8Array(d.x.buffer));
    await Deno.writeFile(`${dir}/y.i32`, new Uint8Array(d.y.buffer));
    await Deno.writeTextFile(`${dir}/fit.py`, SKLEARN);
    let missing = false;
    for (const learner of ["logreg", "svm", "forest"] as const) {
      const ours = oursFit(d, learner);
      console.log(`  ${learner}, ours: ${ours.says}`);
      const sk = await sklearnFit(dir, d.dim, learner);
      if (sk) console.log(`  ${learner}, scikit-learn ${sk[0]}: ${sk[2]} ${WHAT[learner][1]}, one thread`);
      missing ||= !sk;
      versus(WHAT[learner][0], ours.seconds, sk ? { name: `scikit-learn ${sk[0]}`, value: Number(sk[1]) } : null, {
        unit: "s",
      });
    }
    if (missing) console.log("  scikit-learn: not available (apt-get install python3-sklearn) — no ratio");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
