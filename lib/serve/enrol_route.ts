/**
 * `POST /v1/enrol`: a short recording of a speaker's everyday voice (any accepted format; several `file` fields of a
 * form are one speaker) becomes the enrolment JSON the client keeps and sends back with `POST /v1/predict` or the
 * stream's start message. The server stores nothing.
 *
 * @module
 */
import type { UploadResult } from "../data/extraction_pool.ts";
import { HttpError, json } from "./_http.ts";
import { enrolmentToJson } from "../model/mod.ts";
import type { ServerLimits } from "./limits.ts";
import type { ModelState } from "./model_state.ts";
import { readUploads } from "./uploads.ts";

/**
 * Answer one `POST /v1/enrol`.
 *
 * @throws {HttpError} 400 when no recording holds voiced speech or one is undecodable, 422 too short or too long, 503
 *   busy or not ready, and the upload errors of `POST /v1/predict`.
 */
export async function enrolRoute(req: Request, state: ModelState, limits: ServerLimits): Promise<Response> {
  const ready = state.require();
  const { files } = await readUploads(req, limits);
  if (state.inFlight + files.length > limits.concurrency) {
    throw new HttpError(
      503,
      "busy",
      `${state.inFlight} decodes in flight (limit ${limits.concurrency}); retry shortly`,
      {
        "retry-after": "1",
      },
    );
  }
  state.inFlight += files.length;
  let results: UploadResult[];
  try {
    const bounds = { minSeconds: limits.min_seconds, maxSeconds: limits.max_seconds };
    results = await Promise.all(files.map((f) => ready.pool.enrol(f.bytes, f.name, bounds)));
  } finally {
    state.inFlight -= files.length;
  }
  const failed = results.find((r) => !r.ok && r.code !== "no_speech");
  if (failed && !failed.ok) {
    const status = failed.code === "undecodable" ? 400 : failed.code.startsWith("too_") ? 422 : 500;
    throw new HttpError(status, failed.code, failed.message);
  }
  const voiced = results.filter((r): r is Extract<UploadResult, { ok: true }> => r.ok);
  if (!voiced.length) {
    throw new HttpError(
      400,
      "no_speech",
      "no voiced speech in the recording: record about 10 s of your everyday voice",
    );
  }
  // The mean of every recording's vectors, each weighted by how many it averaged.
  const dim = ready.predictor.featureSet.count, mean = new Float32Array(dim);
  const count = voiced.reduce((n, r) => n + (r.count ?? 1), 0);
  for (const r of voiced) for (let j = 0; j < dim; j++) mean[j] += (r.features[j] * (r.count ?? 1)) / count;
  const seconds = voiced.reduce((s, r) => s + r.totalSeconds, 0);
  const enrolment = ready.predictor.enrol([mean], seconds);
  return json({
    enrolment: enrolmentToJson({ ...enrolment, clips: count }),
    voiced_seconds: Math.round(seconds * 10) / 10,
    ...(seconds < 5
      ? { note: `only ${seconds.toFixed(1)} s of voiced speech: about 10 s gives a steadier enrolment` }
      : {}),
  });
}
