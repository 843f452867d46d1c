/**
 * `./ser site --artifacts DIR --out DIR`: a static folder that runs the trained model in the visitor's browser —
 * decoding, features, VAD, model, enrolment and the live timeline — from any static host (`python3 -m http.server -d
 * DIR`), with no request leaving the page after it has loaded. Options: `./ser help site`.
 *
 * @module
 */
import { buildSite } from "$lib/site/mod.ts";
import { ArtifactError } from "$lib/model/mod.ts";
import { parseTask, str } from "./task_args.ts";

const p = parseTask("site");
const out = str(p, "out")!;
try {
  const s = await buildSite(str(p, "artifacts")!, out);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(
    `wrote the on-device site to ${out}/ in ${s.seconds.toFixed(1)} s: ${s.files.length} files, ${mb(s.bytes)} (${
      mb(s.gzipBytes)
    } gzipped)`,
  );
  for (const f of s.files) console.log(`  ${f.path.padEnd(36)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KiB`);
  console.log(
    `Serve it from any static host, e.g.: python3 -m http.server -d ${out} 8080   (then http://127.0.0.1:8080/)`,
  );
} catch (e) {
  if (!(e instanceof ArtifactError || e instanceof Error)) throw e;
  console.error(`./ser site failed: ${(e as Error).message}`);
  Deno.exit(1);
}
