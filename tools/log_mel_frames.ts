/**
 * Log-mel frames of a corpus, for the frame-level probe (`tools/frame_level_probe.py`, issue 29's frame-level lever):
 * each clip of a `./ser cv` manifest with one of `--labels`, loaded at 16 kHz, silence trimmed at 40 dB (as the pooled
 * features), at most 4 s kept, then 64 log-mel bands (dB) of 512-sample windows every 320 samples (20 ms).
 *
 * Writes `OUT.bin` — per clip an int32 frame count T and T × 64 float32 (frame by frame) — and `OUT.json`, the clips'
 * path, corpus, speaker, label index and frame count in the same order.
 *
 * Usage:
 *   deno run -A tools/log_mel_frames.ts --manifest outputs/cv/manifest.csv --root DIR --out /tmp/logmel
 *     [--labels angry,disgust,fear,happy,neutral,sad,surprise]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { loadAudio } from "$lib/audio/mod.ts";
import { melSpectrogram, powerToDb, trim } from "$lib/features/mod.ts";
import { parseCsv } from "$lib/io/csv.ts";

const { values: a } = parseArgs({
  options: {
    manifest: { type: "string" },
    root: { type: "string" },
    out: { type: "string" },
    labels: { type: "string", default: "angry,disgust,fear,happy,neutral,sad,surprise" },
  },
});
if (!a.manifest || !a.root || !a.out) {
  console.error("usage: deno run -A tools/log_mel_frames.ts --manifest CSV --root DIR --out PREFIX [--labels a,b]");
  Deno.exit(2);
}
const labels = a.labels!.split(",");
const SR = 16000, MAX_SAMPLES = 4 * SR, BANDS = 64;
const rows = parseCsv(await Deno.readTextFile(a.manifest)).filter((r) => labels.includes(r.emotion));
const meta: { path: string; corpus: string; speaker: string; label: number; frames: number }[] = [];
const out = await Deno.open(`${a.out}.bin`, { write: true, create: true, truncate: true });
const t0 = performance.now();
for (const r of rows) {
  const { y } = await loadAudio(join(a.root, r.path), { sampleRate: SR, duration: 20 });
  let x = trim(y, { topDb: 40 }).y.subarray(0, MAX_SAMPLES);
  if (x.length < 2048) x = Float32Array.from({ length: 2048 }, (_, i) => x[i] ?? 0);
  const M = powerToDb(melSpectrogram(x, SR, { nFft: 512, hopLength: 320, nMels: BANDS }));
  const T = M.cols, frames = new Float32Array(BANDS * T);
  for (let t = 0; t < T; t++) for (let m = 0; m < BANDS; m++) frames[t * BANDS + m] = M.data[m * T + t];
  await out.write(new Uint8Array(Int32Array.of(T).buffer));
  await out.write(new Uint8Array(frames.buffer));
  meta.push({ path: r.path, corpus: r.corpus, speaker: r.speaker, label: labels.indexOf(r.emotion), frames: T });
  if (meta.length % 1000 === 0) {
    console.error(`${meta.length} of ${rows.length} clips, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
out.close();
await Deno.writeTextFile(`${a.out}.json`, JSON.stringify(meta));
console.error(
  `${meta.length} clips → ${a.out}.bin, ${a.out}.json in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
