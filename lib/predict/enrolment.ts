/**
 * Enrolment: a short recording of a speaker's everyday voice becomes the small vector the enrolled mode centres their
 * clips on (see `enrolmentVectors` for how a recording becomes vectors).
 *
 * @module
 */
import type { Enrolment } from "../model/mod.ts";
import { enrolmentVectors } from "../segment/enrolment_windows.ts";
import type { Predictor } from "./predictor.ts";

/** An enrolment and what it was made of. */
export interface EnrolmentResult extends Enrolment {
  /** Recordings read. */
  recordings: number;
  /** Recordings that gave no voiced speech, with why. */
  skipped: { source: string; reason: string }[];
}

/**
 * Enrol a speaker from recordings of their everyday voice (paths or bytes, any format the loader reads).
 *
 * @param predictor The model the enrolment is for (its feature set).
 * @param inputs One or more recordings of the same person; about 10 s of speech in all is enough.
 * @throws {RangeError} If no recording holds voiced speech; {AudioDecodeError} if one cannot be decoded.
 * @example
 * const enrolment = await enrolFromRecordings(predictor, ["me_reading.wav"]);
 * await predictor.predict("me_angry.wav", { enrolment });
 */
export async function enrolFromRecordings(
  predictor: Pick<Predictor, "featureSet" | "enrol">,
  inputs: readonly (string | Uint8Array)[],
  options: { sources?: readonly string[] } = {},
): Promise<EnrolmentResult> {
  const vectors: Float32Array[] = [], skipped: EnrolmentResult["skipped"] = [];
  let seconds = 0;
  for (const [i, input] of inputs.entries()) {
    const source = options.sources?.[i] ?? (typeof input === "string" ? input : `<enrolment ${i + 1}>`);
    const r = await enrolmentVectors(predictor.featureSet, input, { source });
    if (!r) {
      skipped.push({ source, reason: "no voiced speech found" });
      continue;
    }
    vectors.push(...r.vectors);
    seconds += r.seconds;
  }
  if (!vectors.length) {
    throw new RangeError(
      `no voiced speech in the enrolment recording${inputs.length > 1 ? "s" : ""} (${
        skipped.map((s) => s.source).join(", ")
      }): record about 10 s of your everyday voice`,
    );
  }
  return { ...predictor.enrol(vectors, seconds), recordings: inputs.length, skipped };
}
