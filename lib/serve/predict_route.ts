/**
 * `POST /v1/predict`: decode and featurise the uploads on the worker pool and answer with one prediction per file
 * (or a JSON error with its status) — in the global mode, the enrolled mode when the request carries an enrolment,
 * or, asked for with `?mode=transductive`, the transductive mode over the request's own files (one speaker).
 *
 * @module
 */
import type { UploadResult } from "../data/extraction_pool.ts";
import { USE_MODE_NAMES, type UseModeName } from "../model/mod.ts";
import type { PredictContext, Prediction, Predictor } from "../predict/mod.ts";
import { HttpError, json } from "./_http.ts";
import { EnrolmentError, enrolmentFromJson } from "../model/mod.ts";
import type { ServerLimits } from "./limits.ts";
import type { ModelState, Ready } from "./model_state.ts";
import { readUploads, type Upload } from "./uploads.ts";

type Decoded = Extract<UploadResult, { ok: true }>;

/** The predictor and mode a request asks for (`best`, `mode`), checked before the body is read. */
function options(url: URL, ready: Ready): { predictor: Predictor; mode: UseModeName | null } {
  const best = url.searchParams.get("best");
  const useBest = best === "true" || best === "1";
  if (useBest && !ready.best) throw new HttpError(400, "no_best_model", "this model has no best-epoch checkpoint");
  const mode = url.searchParams.get("mode");
  if (mode !== null && !(USE_MODE_NAMES as string[]).includes(mode)) {
    throw new HttpError(400, "bad_mode", `mode must be one of ${USE_MODE_NAMES.join(", ")}: received ${mode}`);
  }
  const predictor = useBest ? ready.best! : ready.predictor;
  if (mode && !predictor.modes.includes(mode as UseModeName)) {
    throw new HttpError(400, "bad_mode", `this model was trained for ${predictor.modes.join(", ")}, not ${mode}`);
  }
  return { predictor, mode: mode as UseModeName | null };
}

/** Decode every file on the pool, counting them against the concurrency limit. */
async function decodeAll(state: ModelState, ready: Ready, files: Upload[], limits: ServerLimits) {
  if (state.inFlight + files.length > limits.concurrency) {
    const message = `${state.inFlight} decodes in flight (limit ${limits.concurrency}); retry shortly`;
    throw new HttpError(503, "busy", message, { "retry-after": "1" });
  }
  state.inFlight += files.length;
  try {
    const bounds = { minSeconds: limits.min_seconds, maxSeconds: limits.max_seconds };
    return await Promise.all(files.map((f) => ready.pool.upload(f.bytes, f.name, bounds)));
  } finally {
    state.inFlight -= files.length;
  }
}

/** The context of the decoded files in the mode asked (or implied by an enrolment). */
function contextOf(
  predictor: Predictor,
  n: number,
  mode: UseModeName | null,
  enrolment: string | null,
): PredictContext {
  if (enrolment !== null) {
    if (mode && mode !== "enrolled") throw new HttpError(400, "bad_mode", `an enrolment was sent with mode=${mode}`);
    let value: unknown;
    try {
      value = JSON.parse(enrolment);
    } catch {
      throw new HttpError(400, "bad_enrolment", "the enrolment is not JSON");
    }
    try {
      const e = enrolmentFromJson(value, predictor.featureSet.name, predictor.featureSet.count);
      return { mode: "enrolled", enrolments: new Array(n).fill(e) };
    } catch (e) {
      if (e instanceof EnrolmentError) throw new HttpError(400, "bad_enrolment", e.message);
      throw e;
    }
  }
  if (mode === "enrolled") {
    throw new HttpError(400, "no_enrolment", "mode=enrolled needs an enrolment (POST /v1/enrol)");
  }
  if (mode === "transductive") return { mode, groups: new Array(n).fill("request") };
  return { mode: "global" };
}

/** A failed upload's status, by its code. */
const statusOf = (code: string) =>
  code === "undecodable" || code === "no_speech" ? 400 : code.startsWith("too_") ? 422 : 500;

/**
 * Answer one `POST /v1/predict`. A raw body is one file; `multipart/form-data` holds one or more `file` fields, each
 * answered in `results` (a file that fails carries its own `error`).
 *
 * @throws {HttpError} 503 not ready or busy, 415 wrong type, 413 too large or too many files, 400 undecodable or a bad
 *   enrolment, 422 too short or long.
 */
export async function predictRoute(req: Request, url: URL, state: ModelState, limits: ServerLimits): Promise<Response> {
  const ready = state.require();
  const { predictor, mode } = options(url, ready);
  const upload = await readUploads(req, limits);
  const t0 = performance.now();
  const results = await decodeAll(state, ready, upload.files, limits);
  const t1 = performance.now();
  const decoded = results.filter((r): r is Decoded => r.ok);
  const context = contextOf(predictor, decoded.length, mode, upload.enrolment);
  const preds: Prediction[] = predictor.predictMany(decoded.map((r) => r.features), context);
  const t2 = performance.now();
  const timing = {
    decode_features: Math.round(t1 - t0),
    model: Math.round((t2 - t1) * 10) / 10,
    total: Math.round(t2 - t0),
  };
  let k = 0;
  const out = upload.files.map((f, i) => {
    const r = results[i];
    if (!r.ok) return { file: f.name, error: { code: r.code, message: r.message.replace(/^upload: /, "") } };
    const { usedSeconds: _u, durationSeconds: _d, speakerGroup: _g, ...p } = preds[k++];
    return { file: f.name, ...p, duration_s: r.totalSeconds, timing_ms: timing };
  });
  if (upload.multipart) return json({ results: out });
  const only = out[0] as { error?: { code: string; message: string } };
  if (only.error) throw new HttpError(statusOf(only.error.code), only.error.code, only.error.message);
  const { file: _f, ...single } = out[0] as Record<string, unknown>;
  return json(single);
}
