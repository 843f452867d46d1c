/**
 * Private: kernel overrides for tfjs-backend-wasm 4.22 that keep training semantics and remove its slow paths.
 *
 * - **BatchMatMul with transposeA/transposeB** runs a scalar loop in the stock kernel (1–2 GFLOP/s) instead of
 *   XNNPACK (~27 GFLOP/s). Every Dense backward pass uses it. The override transposes explicitly (Transpose kernel)
 *   and calls the stock kernel without transposes. For `A·Bᵀ` with a large B (the input gradient `dY·Wᵀ`), it
 *   computes `(B·Aᵀ)ᵀ`, transposing only the small operands.
 * - **Tile** costs ~50 ns per element in the stock kernel; BatchNorm's gradient tiles `[1, 1, 1, C]` up to
 *   `[1, 1, N, C]`. The override copies blocks with `TypedArray.set` on the wasm heap when only one axis repeats;
 *   other cases go to the stock kernel.
 *
 * Each override is tested against the stock kernel's results (`_wasm_kernels_test.ts`): tiling is an exact copy;
 * matmuls agree to float32 rounding (the summation order inside XNNPACK may differ).
 *
 * The stock `_FusedMatMul` with `transposeB` **and** a bias returns wrong values in this version. Dense layers do
 * not reach it (they use `matMul` + `add`), and the tests guard the path that could.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

// deno-lint-ignore no-explicit-any
type Backend = any;
type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: Backend; attrs: Record<string, unknown> };

const installed = new Set<string>();

/** The stock kernel functions, captured before overriding. */
const stock: Record<string, (args: KernelArgs) => tf.TensorInfo> = {};

function override(
  name: string,
  make: (original: (args: KernelArgs) => tf.TensorInfo) => (args: KernelArgs) => tf.TensorInfo,
): void {
  if (installed.has(name)) return;
  const config = tf.getKernel(name, "wasm");
  if (!config) throw new Error(`tfjs-backend-wasm has no ${name} kernel to override`);
  const original = config.kernelFunc as unknown as (args: KernelArgs) => tf.TensorInfo;
  stock[name] = original;
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ kernelName: name, backendName: "wasm", kernelFunc: make(original) as unknown as tf.KernelFunc });
  installed.add(name);
}

/** Swap the last two axes with the wasm Transpose kernel. */
function transposeLast2(x: tf.TensorInfo, backend: Backend): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  const transpose = tf.getKernel("Transpose", "wasm")!.kernelFunc as unknown as (a: KernelArgs) => tf.TensorInfo;
  return transpose({ inputs: { x }, backend, attrs: { perm } });
}

/** Install the overrides (idempotent). Call after `tf.setBackend("wasm")` has succeeded. */
export function installWasmKernelOverrides(): void {
  override("BatchMatMul", (original) => (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const { a, b } = args.inputs;
    const backend = args.backend;
    const plain = (x: tf.TensorInfo, y: tf.TensorInfo) =>
      original({ ...args, inputs: { a: x, b: y }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    const size = (t: tf.TensorInfo) => t.shape.reduce((p, d) => p * d, 1);
    if (transposeB && !transposeA && a.shape.length === 2 && b.shape.length === 2 && size(b) > size(a)) {
      // A·Bᵀ = (B·Aᵀ)ᵀ: transpose the small operands (A and the result) instead of the large B, and keep B as the
      // streamed left operand so XNNPACK packs only the small one.
      const at = transposeLast2(a, backend);
      const ct = plain(b, at);
      const c = transposeLast2(ct, backend);
      backend.disposeData(at.dataId);
      backend.disposeData(ct.dataId);
      return c;
    }
    const at = transposeA ? transposeLast2(a, backend) : a;
    const bt = transposeB ? transposeLast2(b, backend) : b;
    const out = plain(at, bt);
    if (transposeA) backend.disposeData(at.dataId);
    if (transposeB) backend.disposeData(bt.dataId);
    return out;
  });
  override("Tile", (original) => (args) => {
    const { x } = args.inputs;
    const reps = args.attrs.reps as number[];
    const shape = x.shape;
    // Fast path: float32 repeated along one axis k whose leading axes the repetition leaves alone. Then each of the
    // prod(shape[0..k)) blocks of prod(shape[k..]) values is copied reps[k] times in a row.
    const k = reps.findIndex((r) => r !== 1);
    if (x.dtype !== "float32" || k < 0 || reps.some((r, i) => i !== k && r !== 1)) return original(args);
    const backend = args.backend;
    const out = backend.makeOutput(shape.map((d, i) => d * reps[i]), "float32");
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    const prefix = shape.slice(0, k).reduce((p, d) => p * d, 1);
    const block = src.length / prefix;
    for (let p = 0, at = 0; p < prefix; p++) {
      const b = src.subarray(p * block, (p + 1) * block);
      for (let r = 0; r < reps[k]; r++, at += block) dst.set(b, at);
    }
    return out;
  });
}

/** Run the stock (un-overridden) kernel, for tests that compare results. */
export function stockKernel(name: string): ((args: KernelArgs) => tf.TensorInfo) | undefined {
  return stock[name];
}
