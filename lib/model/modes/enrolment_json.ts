/**
 * An enrolment as the API hands it to a client and takes it back: a small JSON the client keeps (the server stores
 * nothing). The mean vector travels as base64 of little-endian float32.
 *
 * ```json
 * { "type": "ser.enrolment", "version": 1, "feature_set": "pooled", "dim": 676, "mean": "…base64…",
 *   "clips": 6, "seconds": 10.5 }
 * ```
 *
 * @module
 */
import type { Enrolment } from "./use_mode.ts";

/** An enrolment JSON that is not one, is for another model, or was tampered with. */
export class EnrolmentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "EnrolmentError";
  }
}

/** The enrolment JSON. */
export interface EnrolmentJson {
  type: "ser.enrolment";
  version: 1;
  feature_set: string;
  dim: number;
  /** Base64 of `dim` little-endian float32 values. */
  mean: string;
  clips: number;
  seconds: number;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The JSON of an enrolment.
 *
 * @example
 * enrolmentToJson(enrolment).mean; // "AAB…"
 */
export function enrolmentToJson(e: Enrolment): EnrolmentJson {
  const bytes = new Uint8Array(e.mean.length * 4);
  const dv = new DataView(bytes.buffer);
  e.mean.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return {
    type: "ser.enrolment",
    version: 1,
    feature_set: e.featureSet,
    dim: e.mean.length,
    mean: toBase64(bytes),
    clips: e.clips,
    seconds: Math.round(e.seconds * 100) / 100,
  };
}

/**
 * An enrolment from its JSON, checked against the model's feature set.
 *
 * @throws {EnrolmentError} Naming what is wrong: not an enrolment, another feature set or width, a value that is not
 *   finite.
 */
export function enrolmentFromJson(value: unknown, featureSet: string, dim: number): Enrolment {
  const bad = (why: string) => new EnrolmentError(`the enrolment ${why}`);
  const j = value as Partial<EnrolmentJson> | null;
  if (!j || typeof j !== "object" || j.type !== "ser.enrolment" || j.version !== 1) {
    throw bad('is not one (expected the JSON POST /v1/enrol returns, with "type": "ser.enrolment")');
  }
  if (j.feature_set !== featureSet || j.dim !== dim) {
    throw bad(`is for ${j.feature_set} features (${j.dim}), but this model takes ${featureSet} (${dim}): enrol again`);
  }
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(String(j.mean)), (c) => c.charCodeAt(0));
  } catch {
    throw bad("mean is not base64");
  }
  if (bytes.length !== 4 * dim) throw bad(`mean holds ${bytes.length} bytes, not ${4 * dim}`);
  const dv = new DataView(bytes.buffer);
  const mean = Float32Array.from({ length: dim }, (_, i) => dv.getFloat32(4 * i, true));
  if (!mean.every(Number.isFinite)) throw bad("mean has values that are not finite");
  const clips = Number(j.clips), seconds = Number(j.seconds);
  if (!(Number.isInteger(clips) && clips >= 1) || !(seconds > 0 && seconds < 86400)) {
    throw bad("has no valid clips and seconds");
  }
  return { featureSet, mean, clips, seconds };
}
