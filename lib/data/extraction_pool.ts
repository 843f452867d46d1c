/**
 * Feature extraction on worker threads: {@linkcode ExtractionPool}, a pool of workers (one per core by default) that
 * loads or decodes audio and computes a feature set off the main thread, and {@linkcode runExtractionPool}, a batch of
 * files through one such pool. Training, `features`, `predict` batches and the server all go through it.
 *
 * @module
 */
import { FEATURE_SETS, type FeatureSetName } from "../features/feature_sets.ts";
import type { AugmentSpec, ExtractErrorCode, ExtractJob, ExtractReply, UploadLimits } from "./_extract_protocol.ts";

export type { AugmentSpec, ExtractErrorCode, UploadLimits } from "./_extract_protocol.ts";

/** What a job returns: the features (and the file's length in seconds, when known), or why it failed. */
export type UploadResult =
  | { ok: true; features: Float32Array; totalSeconds: number; count?: number }
  | { ok: false; code: ExtractErrorCode; message: string };

/** A job without its id (the pool numbers them). */
type Job = ExtractJob extends infer J ? J extends ExtractJob ? Omit<J, "id"> : never : never;

/**
 * A long-lived pool of feature workers: jobs go to an idle worker or wait in a queue (the caller bounds how many it lets
 * wait). Uploads are decoded in memory (libsndfile's virtual I/O, ffmpeg's stdin). A job whose worker crashes answers
 * with an error (code `error`, "feature worker crashed: …") and the pool goes on with the workers it has left.
 *
 * @example
 * const pool = new ExtractionPool("original");
 * const r = await pool.upload(bytes, "clip.flac", { minSeconds: 0.25, maxSeconds: 60 });
 * pool.close();
 */
export class ExtractionPool {
  readonly featureSet: FeatureSetName;
  readonly size: number;
  readonly #workers: Worker[];
  readonly #idle: Worker[] = [];
  readonly #queue: { job: ExtractJob; transfer: Transferable[]; resolve: (r: ExtractReply) => void }[] = [];
  readonly #pending = new Map<number, { worker: Worker; resolve: (r: ExtractReply) => void }>();
  #nextId = 1;
  #closed = false;

  /** @param options.workers Worker threads. Default: one per core. */
  constructor(featureSet: FeatureSetName, options: { workers?: number } = {}) {
    this.featureSet = featureSet;
    this.size = Math.max(1, options.workers ?? navigator.hardwareConcurrency ?? 1);
    this.#workers = Array.from({ length: this.size }, () => this.#spawn());
  }

  #spawn(): Worker {
    const w = new Worker(new URL("./_extract_worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<ExtractReply>) => {
      const done = this.#pending.get(e.data.id);
      this.#pending.delete(e.data.id);
      done?.resolve(e.data);
      this.#release(w);
    };
    w.onerror = (e) => {
      e.preventDefault();
      // The crashed worker's job answers with an error; that worker takes no more jobs.
      for (const [id, p] of this.#pending) {
        if (p.worker !== w) continue;
        this.#pending.delete(id);
        p.resolve({ id, ok: false, code: "error", message: `feature worker crashed: ${e.message}` });
      }
    };
    this.#idle.push(w);
    return w;
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
    if (next) this.#dispatch(w, next.job, next.transfer, next.resolve);
    else this.#idle.push(w);
  }

  #dispatch(w: Worker, job: ExtractJob, transfer: Transferable[], resolve: (r: ExtractReply) => void): void {
    this.#pending.set(job.id, { worker: w, resolve });
    w.postMessage(job, transfer);
  }

  /** Run one job on the next free worker. */
  run(job: Job, transfer: Transferable[] = []): Promise<ExtractReply> {
    const full = { ...job, id: this.#nextId++ } as ExtractJob;
    if (this.#closed) {
      return Promise.resolve({ id: full.id, ok: false, code: "error", message: "the feature pool is closed" });
    }
    return new Promise((resolve) => {
      const w = this.#idle.pop();
      if (w) this.#dispatch(w, full, transfer, resolve);
      else this.#queue.push({ job: full, transfer, resolve });
    });
  }

  /**
   * Decode an upload, check its length and extract the feature set's vector.
   *
   * @param bytes The file (transferred to the worker when it owns its whole buffer: do not use it afterwards).
   * @param source Its name for messages.
   */
  async upload(bytes: Uint8Array, source: string, limits: UploadLimits): Promise<UploadResult> {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const r = await this.run({ kind: "upload", featureSet: this.featureSet, bytes: own, source, limits }, [
      own.buffer as ArrayBuffer,
    ]);
    return resultOf(r);
  }

  /** Features of raw mono samples at `rate` (cut to the feature set's window at that rate, then resampled). */
  async samples(y: Float32Array, rate: number): Promise<UploadResult> {
    const own = y.byteOffset === 0 && y.byteLength === y.buffer.byteLength ? y : y.slice();
    const r = await this.run({ kind: "samples", featureSet: this.featureSet, samples: own, rate }, [
      own.buffer as ArrayBuffer,
    ]);
    return resultOf(r);
  }

  /**
   * An enrolment recording's mean voiced feature vector (`features`), the seconds of speech behind it
   * (`totalSeconds`) and how many vectors it averages (`count`); code `no_speech` when it holds none.
   *
   * @param bytes The recording (transferred when it owns its buffer).
   */
  async enrol(bytes: Uint8Array, source: string, limits: UploadLimits): Promise<UploadResult> {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const r = await this.run({ kind: "enrol", featureSet: this.featureSet, bytes: own, source, limits }, [
      own.buffer as ArrayBuffer,
    ]);
    return resultOf(r);
  }

  /** Stop the workers; waiting jobs answer with an error. */
  close(): void {
    this.#closed = true;
    const closedReply = (id: number): ExtractReply => ({
      id,
      ok: false,
      code: "error",
      message: "the feature pool was closed",
    });
    for (const q of this.#queue.splice(0)) q.resolve(closedReply(q.job.id));
    for (const [id, p] of this.#pending) p.resolve(closedReply(id));
    this.#pending.clear();
    for (const w of this.#workers) w.terminate();
  }
}

function resultOf(r: ExtractReply): UploadResult {
  return r.ok
    ? { ok: true, features: r.features, totalSeconds: r.totalSeconds ?? 0, count: r.count }
    : { ok: false, code: r.code, message: r.message };
}

/** Options for {@linkcode runExtractionPool}. */
export interface ExtractionPoolOptions {
  /** Worker threads. Default: one per core (never more than there are files). */
  workers?: number;
  /** The feature set. Default `"original"`. */
  featureSet?: FeatureSetName;
  /** Seconds read from each clip. Default: the feature set's. */
  duration?: number;
  /**
   * Called with each clip's features (and the whole file's length in seconds, when known), or its error message, as it
   * finishes (in completion order, one call at a time).
   */
  onResult: (id: number, result: Float32Array | string, info: { totalSeconds: number | null }) => void | Promise<void>;
}

/**
 * Load and extract features for files on an {@linkcode ExtractionPool}, reporting each result as it arrives. A file
 * that fails reports its error message; the batch goes on. At most twice as many files as workers are in flight, so
 * a corpus of any size holds little memory.
 *
 * @param jobs Files to process, each with an id echoed back to `onResult`.
 * @throws {Error} If a worker itself crashes (not for bad files), or `onResult` throws.
 * @example
 * await runExtractionPool([{ id: 0, path: "a.wav" }], { onResult: (id, r) => console.log(id, r) });
 */
export async function runExtractionPool(
  jobs: readonly { id: number; path: string; augment?: AugmentSpec }[],
  options: ExtractionPoolOptions,
): Promise<void> {
  if (jobs.length === 0) return;
  const featureSet = options.featureSet ?? "original";
  const duration = options.duration ?? FEATURE_SETS[featureSet].duration;
  const workers = Math.max(1, Math.min(jobs.length, options.workers ?? navigator.hardwareConcurrency ?? 1));
  const pool = new ExtractionPool(featureSet, { workers });
  let next = 0;
  // Results are reported one at a time, in completion order.
  let reported: Promise<void> = Promise.resolve();
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const r = await pool.run({ kind: "clip", featureSet, path: job.path, duration, augment: job.augment });
      if (!r.ok && r.message.startsWith("feature worker crashed")) throw new Error(r.message);
      reported = reported.then(() =>
        options.onResult(job.id, r.ok ? r.features : r.message, { totalSeconds: r.ok ? r.totalSeconds : null })
      );
      await reported;
    }
  };
  try {
    await Promise.all(Array.from({ length: 2 * workers }, lane));
  } finally {
    pool.close();
  }
}
