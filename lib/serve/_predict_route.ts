/**
 * `POST /v1/predict`: read the body within its limits, split a multipart form into files, decode and featurise them on
 * the worker pool, and answer with one prediction per file (or a JSON error with its status).
 *
 * @module
 */
import type { ExtractionPool, UploadResult } from "../data/extraction_pool.ts";
import type { Prediction, Predictor } from "../pipeline/predictor.ts";
import { MIN_GROUP_CLIPS } from "../model/mod.ts";
import { HttpError, json, readBody } from "./_http.ts";

const ACCEPTED = ["audio/*", "application/octet-stream", "multipart/form-data"];

/** Per-speaker memory of feature vectors for speaker-normalised models (`?speaker=`), bounded in speakers and clips. */
export class SpeakerMemory {
  readonly #m = new Map<string, Float32Array[]>();
  constructor(readonly maxSpeakers = 256, readonly maxClips = 50) {}
  take(id: string, vectors: readonly Float32Array[]): Float32Array[] {
    const prev = this.#m.get(id) ?? [];
    this.#m.delete(id);
    const next = [...prev, ...vectors].slice(-this.maxClips);
    this.#m.set(id, next);
    if (this.#m.size > this.maxSpeakers) this.#m.delete(this.#m.keys().next().value!);
    return prev;
  }
}

/** What the route needs from the server: its loaded state and limits. */
export interface PredictContext {
  state: {
    predictor: Predictor | null;
    best: Predictor | null;
    pool: ExtractionPool | null;
    error: string | null;
    inFlight: number;
  };
  maxBytes: number;
  timeoutMs: number;
  limits: { minSeconds: number; maxSeconds: number };
  concurrency: number;
  speakers: SpeakerMemory;
}

type Ready = PredictContext["state"] & { predictor: Predictor; pool: ExtractionPool };
type Upload = { name: string; bytes: Uint8Array };
type Decoded = Extract<UploadResult, { ok: true }>;

/** Check readiness, content type and query options before reading any of the body. */
function checkRequest(req: Request, url: URL, state: PredictContext["state"]) {
  if (!state.predictor || !state.pool) {
    const message = state.error ? `no model is loaded: ${state.error}` : "the model is still loading";
    throw new HttpError(503, "not_ready", message, { "retry-after": "1" });
  }
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  if (!multipart && !type.startsWith("audio/") && !type.startsWith("application/octet-stream")) {
    const message = `content type ${JSON.stringify(type || "(none)")} is not accepted: send ${ACCEPTED.join(", ")}`;
    throw new HttpError(415, "unsupported_type", message);
  }
  const best = url.searchParams.get("best");
  const useBest = best === "true" || best === "1";
  if (useBest && !state.best) throw new HttpError(400, "no_best_model", "these artifacts have no best/ checkpoint");
  const speaker = url.searchParams.get("speaker");
  if (speaker !== null && !/^[\w.@:-]{1,64}$/.test(speaker)) {
    throw new HttpError(400, "bad_speaker", "speaker must be 1–64 letters, digits or . _ - @ :");
  }
  const predictor = useBest ? state.best! : state.predictor;
  return { type, multipart, predictor, speaker, ready: state as Ready };
}

/** The body's files: one for a raw body, every `file` field of a multipart form (names sanitised for echoing). */
async function uploadsOf(body: Uint8Array, type: string, multipart: boolean): Promise<Upload[]> {
  if (!multipart) return [{ name: "upload", bytes: body }];
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } }).formData();
  } catch (e) {
    throw new HttpError(400, "bad_multipart", `the multipart body cannot be parsed (${(e as Error).message})`);
  }
  const files: Upload[] = [];
  for (const v of form.getAll("file")) {
    if (typeof v === "string") throw new HttpError(400, "bad_multipart", 'each "file" field must be a file');
    const name = (v.name || `file${files.length + 1}`).replace(/[^\w. -]/g, "_").slice(0, 100);
    files.push({ name, bytes: new Uint8Array(await v.arrayBuffer()) });
  }
  if (files.length === 0) throw new HttpError(400, "no_file", 'the multipart body has no "file" field');
  return files;
}

/** Predict the decoded uploads; with `speaker` on a speaker-normalised model, that speaker's earlier clips join in. */
function predictDecoded(
  predictor: Predictor,
  decoded: Decoded[],
  speaker: string | null,
  speakers: SpeakerMemory,
): Prediction[] {
  if (!decoded.length) return [];
  const vectors = decoded.map((r) => r.features);
  if (!speaker || !predictor.modes.includes("transductive")) return predictor.predictMany(vectors);
  const all = [...vectors, ...speakers.take(speaker, vectors)];
  const groups = all.length >= MIN_GROUP_CLIPS ? all.map(() => speaker) : undefined;
  return predictor.predictMany(all, { groups }).slice(0, vectors.length);
}

/**
 * Answer one `POST /v1/predict`. A raw body is one file; `multipart/form-data` holds one or more `file` fields, each
 * answered in `results` (a file that fails carries its own `error`).
 *
 * @throws {HttpError} 503 not ready or busy, 415 wrong type, 413 too large, 400 undecodable, 422 too short or long.
 */
export async function predictRoute(req: Request, url: URL, ctx: PredictContext): Promise<Response> {
  const { type, multipart, predictor, speaker, ready } = checkRequest(req, url, ctx.state);
  const files = await uploadsOf(await readBody(req, ctx.maxBytes, ctx.timeoutMs), type, multipart);
  if (ready.inFlight + files.length > ctx.concurrency) {
    const message = `${ready.inFlight} decodes in flight (limit ${ctx.concurrency}); retry shortly`;
    throw new HttpError(503, "busy", message, { "retry-after": "1" });
  }
  ready.inFlight += files.length;
  const t0 = performance.now();
  let results: UploadResult[];
  try {
    results = await Promise.all(files.map((f) => ready.pool.upload(f.bytes, f.name, ctx.limits)));
  } finally {
    ready.inFlight -= files.length;
  }
  const t1 = performance.now();
  const decoded = results.filter((r): r is Decoded => r.ok);
  const preds = predictDecoded(predictor, decoded, speaker, ctx.speakers);
  const t2 = performance.now();
  const timing = {
    decode_features: Math.round(t1 - t0),
    model: Math.round((t2 - t1) * 10) / 10,
    total: Math.round(t2 - t0),
  };
  const note = speaker && !predictor.modes.includes("transductive")
    ? { note: "this model was not trained for the transductive mode" }
    : {};
  let k = 0;
  const out = files.map((f, i) => {
    const r = results[i];
    if (!r.ok) return { file: f.name, error: { code: r.code, message: r.message.replace(/^upload: /, "") } };
    const { usedSeconds: _u, durationSeconds: _d, ...p } = preds[k++];
    return { file: f.name, ...p, duration_s: r.totalSeconds, timing_ms: timing, ...note };
  });
  if (multipart) return json({ results: out });
  const only = out[0] as { error?: { code: string; message: string } };
  if (only.error) {
    const status = only.error.code === "undecodable" ? 400 : only.error.code.startsWith("too_") ? 422 : 500;
    throw new HttpError(status, only.error.code, only.error.message);
  }
  const { file: _f, ...single } = out[0] as Record<string, unknown>;
  return json(single);
}
