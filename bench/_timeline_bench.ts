/**
 * Private: the timeline section of `deno task bench` — `deno task predict --timeline` on a one-hour 48 kHz stereo
 * WAV made at run time (kept in `.cache/bench/`, never committed), and on a FLAC of it: wall time as a multiple of
 * real time, and the process's peak RSS.
 *
 * @module
 */
import { join } from "node:path";
import { writeDemoRecording } from "$lib/data/mod.ts";
import { DEFAULT_FAMILY, LEGACY_FAMILY } from "$lib/model/mod.ts";
import { type BenchContext, DENO, familyArtifacts, ROOT, runMeasured, versus } from "./_measure.ts";
import { taskArgs } from "../cli/task_command.ts";

/** Make (or reuse) the recording and its FLAC. */
async function recordings(minutes: number): Promise<{ wav: string; flac: string | null; made: string }> {
  const dir = join(ROOT, ".cache", "bench");
  await Deno.mkdir(dir, { recursive: true });
  const wav = join(dir, `demo_${minutes}min_48k_stereo.wav`), flac = wav.replace(/\.wav$/, ".flac");
  const expected = 44 + minutes * 60 * 48000 * 4;
  let made = "reused";
  const size = await Deno.stat(wav).then((s) => s.size).catch(() => 0);
  if (size !== expected) {
    const t = performance.now();
    await writeDemoRecording(wav, { seconds: minutes * 60, sampleRate: 48000, channels: 2 });
    made = `written in ${((performance.now() - t) / 1000).toFixed(1)} s`;
    await Deno.remove(flac).catch(() => {});
  }
  const haveFlac = await Deno.stat(flac).then(() => true).catch(() => false);
  if (!haveFlac) {
    const r = await new Deno.Command("ffmpeg", {
      args: ["-nostdin", "-loglevel", "error", "-y", "-i", wav, "-c:a", "flac", flac],
    }).output().catch(() => null);
    if (!r?.success) return { wav, flac: null, made };
  }
  return { wav, flac, made };
}

/** `predict --timeline` on the WAV and the FLAC with the seed's model, then on the WAV with the recommended one. */
export async function benchTimeline(ctx: BenchContext): Promise<void> {
  const rec = await recordings(ctx.timelineMinutes);
  console.log(
    `  a ${ctx.timelineMinutes}-minute SYNTHETIC demo recording, 48 kHz stereo 16-bit (${rec.made})`,
  );
  console.log("  window 3 s, hop 1 s, VAD on; one process, the pipeline on one thread");
  const families = [...new Set([LEGACY_FAMILY.name, DEFAULT_FAMILY.name])];
  for (const [i, family] of families.entries()) {
    await timelineOf(ctx, family, i === 0 ? [rec.wav, rec.flac] : [rec.wav]);
  }
}

async function timelineOf(ctx: BenchContext, family: string, files: (string | null)[]): Promise<void> {
  const art = await familyArtifacts(ctx, family);
  const seconds = ctx.timelineMinutes * 60;
  console.log(`  model: ${art.note}`);
  for (const file of files) {
    if (!file) {
      console.log("  FLAC: ffmpeg could not encode one — skipped");
      continue;
    }
    const out = await Deno.makeTempFile({ suffix: ".json" });
    const r = await runMeasured(
      DENO,
      taskArgs("predict.ts", ["--artifacts", art.dir, "--timeline", "--format", "json", "--out", out, file]),
    );
    await Deno.remove(out).catch(() => {});
    if (r.code !== 0) throw new Error(`predict --timeline failed: ${r.stderr.slice(-400)}`);
    const kind = file.endsWith(".flac") ? "FLAC" : "WAV";
    const pipeline = /in ([\d.]+) s \((\d+)× real time\), (\d+) windows/.exec(r.stderr);
    versus(`${family}, ${kind}: × real time (process wall time)`, seconds / r.seconds, null, {
      unit: "×",
      digits: 0,
      target: "≥ 150×",
    });
    console.log(
      `    ${r.seconds.toFixed(1)} s wall${
        pipeline ? `, ${pipeline[1]} s in the pipeline, ${pipeline[3]} windows` : ""
      }` +
        `, peak RSS ${r.peakRssMb?.toFixed(0) ?? "?"} MB (target ≤ 300 MB)`,
    );
  }
  if (art.temp) await Deno.remove(art.dir, { recursive: true });
}
