import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { installWasmKernelOverrides } from "./_wasm_kernels.ts";

/** The backend in use after {@linkcode initBackend}. */
export interface BackendStatus {
  /** `"wasm"` normally; `"cpu"` when wasm could not load. */
  name: string;
  /** tfjs version. */
  tfjs: string;
  /** True when the wasm SIMD build loaded. */
  simd: boolean;
  /** Why wasm could not be used, when it could not. */
  warning: string | null;
}

let status: BackendStatus | null = null;

/**
 * Select tfjs's WebAssembly backend (SIMD, single thread: threads are unavailable under Deno) and install the kernel
 * overrides that make training fast. `tf.setBackend("wasm")` returns false rather than throwing when wasm cannot
 * load, so the result is checked; then the pure-JS cpu backend is used with a loud warning (training is ~20× slower).
 *
 * @returns Which backend is active, and why not wasm if it is not.
 * @example
 * const { name } = await initBackend(); // "wasm"
 */
export async function initBackend(): Promise<BackendStatus> {
  if (status) return status;
  let ok = false, reason = "";
  try {
    ok = await tf.setBackend("wasm");
    if (!ok) reason = 'tf.setBackend("wasm") returned false';
  } catch (e) {
    reason = (e as Error).message;
  }
  if (ok) {
    await tf.ready();
    installWasmKernelOverrides();
    const simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    status = { name: "wasm", tfjs: tf.version.tfjs, simd, warning: null };
  } else {
    await tf.setBackend("cpu");
    await tf.ready();
    const warning =
      `tfjs wasm backend unavailable (${reason}); falling back to the pure-JS cpu backend, which trains ~20x slower`;
    console.warn(`\n${"!".repeat(80)}\nWARNING: ${warning}\n${"!".repeat(80)}\n`);
    status = { name: "cpu", tfjs: tf.version.tfjs, simd: false, warning };
  }
  return status;
}

/**
 * For a browser (the on-device page): tfjs's pure-JS cpu backend — no WebAssembly files to fetch, deterministic, and
 * fast enough for one window's MLP. Later {@linkcode initBackend} calls return this status.
 *
 * @example
 * await initBrowserBackend();
 */
export async function initBrowserBackend(): Promise<BackendStatus> {
  await tf.setBackend("cpu");
  await tf.ready();
  status = { name: "cpu", tfjs: tf.version.tfjs, simd: false, warning: null };
  return status;
}
