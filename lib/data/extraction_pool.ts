import type { FeatureSetName } from "../features/feature_sets.ts";

/** What an upload job returns. */
export type UploadResult =
  | { ok: true; features: Float32Array; totalSeconds: number }
  | { ok: false; code: "undecodable" | "too_short" | "too_long" | "error"; message: string };

/**
 * A long-lived pool of feature workers (one per core by default) for a server: uploads are decoded in memory
 * (libsndfile's virtual I/O, ffmpeg's stdin), length-checked and turned into the model's features off the main
 * thread. Jobs queue when every worker is busy; the caller bounds how many it lets wait.
 *
 * @example
 * const pool = new ExtractionPool("seed");
 * const r = await pool.upload(bytes, "clip.flac", { minSeconds: 0.25, maxSeconds: 60 });
 * pool.close();
 */
export class ExtractionPool {
  readonly featureSet: FeatureSetName;
  readonly size: number;
  readonly #workers: Worker[];
  readonly #idle: Worker[] = [];
  readonly #queue: { msg: Record<string, unknown>; transfer: Transferable[]; resolve: (r: UploadResult) => void }[] =
    [];
  readonly #pending = new Map<number, (r: UploadResult) => void>();
  #nextId = 1;
  #closed = false;

  constructor(featureSet: FeatureSetName, options: { workers?: number } = {}) {
    this.featureSet = featureSet;
    this.size = Math.max(1, options.workers ?? navigator.hardwareConcurrency ?? 1);
    this.#workers = Array.from({ length: this.size }, () => {
      const w = new Worker(new URL("./_extract_worker.ts", import.meta.url), { type: "module" });
      w.onmessage = (
        e: MessageEvent<{ id: number; features?: Float32Array; totalSeconds?: number; error?: string; code?: string }>,
      ) => {
        const d = e.data, done = this.#pending.get(d.id);
        this.#pending.delete(d.id);
        done?.(
          d.features
            ? { ok: true, features: d.features, totalSeconds: d.totalSeconds ?? 0 }
            : { ok: false, code: (d.code ?? "error") as "error", message: d.error ?? "unknown error" },
        );
        this.#release(w);
      };
      w.onerror = (e) => {
        e.preventDefault();
        // A crashed job answers with an error; the worker is replaced by none (the pool shrinks) but keeps serving.
        for (const [id, done] of this.#pending) {
          if ((w as unknown as { job?: number }).job === id) {
            this.#pending.delete(id);
            done({ ok: false, code: "error", message: `feature worker crashed: ${e.message}` });
          }
        }
      };
      this.#idle.push(w);
      return w;
    });
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Jobs being worked on or waiting. */
  get inFlight(): number {
    return this.#pending.size + this.#queue.length;
  }

  #release(w: Worker): void {
    const next = this.#queue.shift();
    if (next) this.#dispatch(w, next.msg, next.transfer, next.resolve);
    else this.#idle.push(w);
  }

  #dispatch(
    w: Worker,
    msg: Record<string, unknown>,
    transfer: Transferable[],
    resolve: (r: UploadResult) => void,
  ): void {
    this.#pending.set(msg.id as number, resolve);
    (w as unknown as { job?: number }).job = msg.id as number;
    w.postMessage(msg, transfer);
  }

  /**
   * Decode an upload, check its length and extract the feature set's vector.
   *
   * @param bytes The file (transferred to the worker: do not use it afterwards).
   * @param source Its name for messages.
   */
  upload(bytes: Uint8Array, source: string, limits: { minSeconds: number; maxSeconds: number }): Promise<UploadResult> {
    if (this.#closed) return Promise.resolve({ ok: false, code: "error", message: "the feature pool is closed" });
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const msg = { id: this.#nextId++, bytes: own, source, featureSet: this.featureSet, limits };
    return new Promise((resolve) => {
      const w = this.#idle.pop();
      if (w) this.#dispatch(w, msg, [own.buffer as ArrayBuffer], resolve);
      else this.#queue.push({ msg, transfer: [own.buffer as ArrayBuffer], resolve });
    });
  }

  /** Features of raw mono samples at `rate` (cut to the feature set's window at that rate, then resampled). */
  samples(y: Float32Array, rate: number): Promise<UploadResult> {
    if (this.#closed) return Promise.resolve({ ok: false, code: "error", message: "the feature pool is closed" });
    const own = y.byteOffset === 0 && y.byteLength === y.buffer.byteLength ? y : y.slice();
    const msg = { id: this.#nextId++, samples: own, rate, featureSet: this.featureSet };
    return new Promise((resolve) => {
      const w = this.#idle.pop();
      if (w) this.#dispatch(w, msg, [own.buffer as ArrayBuffer], resolve);
      else this.#queue.push({ msg, transfer: [own.buffer as ArrayBuffer], resolve });
    });
  }

  /** Stop the workers; waiting jobs answer with an error. */
  close(): void {
    this.#closed = true;
    for (const q of this.#queue.splice(0)) {
      q.resolve({ ok: false, code: "error", message: "the feature pool was closed" });
    }
    for (const [, done] of this.#pending) done({ ok: false, code: "error", message: "the feature pool was closed" });
    this.#pending.clear();
    for (const w of this.#workers) w.terminate();
  }
}
