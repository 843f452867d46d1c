/**
 * What a `POST` carries: one file as the raw body, or a multipart form (as browsers' `FormData` sends it, with its
 * case-sensitive boundary) of `file` fields, and an optional enrolment (a form field or the `x-enrolment` header).
 *
 * @module
 */
import { HttpError, mediaType, readBody } from "./_http.ts";
import type { ServerLimits } from "./limits.ts";

const ACCEPTED = ["audio/*", "application/octet-stream", "multipart/form-data"];

/** One uploaded file: a name safe to echo, and its bytes. */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** The files and form fields of a request. */
export interface UploadRequest {
  multipart: boolean;
  files: Upload[];
  /** The enrolment's JSON text, when the request carries one. */
  enrolment: string | null;
}

/**
 * Check the content type before reading anything.
 *
 * @throws {HttpError} 415 for anything but audio, octet streams and multipart forms.
 */
export function checkContentType(req: Request): { multipart: boolean } {
  const { type, params } = mediaType(req.headers.get("content-type"));
  const multipart = type === "multipart/form-data";
  if (multipart && !params.boundary) {
    throw new HttpError(400, "bad_multipart", "the multipart content type has no boundary");
  }
  if (!multipart && !type.startsWith("audio/") && type !== "application/octet-stream") {
    const message = `content type ${JSON.stringify(type || "(none)")} is not accepted: send ${ACCEPTED.join(", ")}`;
    throw new HttpError(415, "unsupported_type", message);
  }
  return { multipart };
}

/** A file name safe to echo: letters, digits, space, dot, dash, underscore; at most 100 characters. */
const safeName = (name: string, k: number) => (name || `file${k}`).replace(/[^\w. -]/g, "_").slice(0, 100);

/**
 * Read a request's files within the limits: the body (size and time), then, for a form, at most
 * `max_files_per_request` `file` fields.
 *
 * @throws {HttpError} 413 too large or too many files, 408 slow body, 400 aborted, empty or malformed body.
 */
export async function readUploads(req: Request, limits: ServerLimits): Promise<UploadRequest> {
  const { multipart } = checkContentType(req);
  const body = await readBody(req, limits.max_body_bytes, limits.request_timeout_ms);
  const enrolment = req.headers.get("x-enrolment");
  if (!multipart) return { multipart, files: [{ name: "upload", bytes: body }], enrolment };
  let form: FormData;
  try {
    // The header as sent: the boundary is case-sensitive.
    const headers = { "content-type": req.headers.get("content-type")! };
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers }).formData();
  } catch (e) {
    throw new HttpError(400, "bad_multipart", `the multipart body cannot be parsed (${(e as Error).message})`);
  }
  const fields = form.getAll("file");
  if (fields.length > limits.max_files_per_request) {
    throw new HttpError(
      413,
      "too_many_files",
      `${fields.length} files in one request: at most ${limits.max_files_per_request} per request`,
    );
  }
  const files: Upload[] = [];
  for (const v of fields) {
    if (typeof v === "string") throw new HttpError(400, "bad_multipart", 'each "file" field must be a file');
    files.push({ name: safeName(v.name, files.length + 1), bytes: new Uint8Array(await v.arrayBuffer()) });
  }
  if (files.length === 0) throw new HttpError(400, "no_file", 'the multipart body has no "file" field');
  const field = form.get("enrolment");
  return { multipart, files, enrolment: typeof field === "string" ? field : enrolment };
}
