/**
 * One mood stays one mood: do timelines judge a recording in one emotion as well as its clips one by one, at the
 * recording's level and quieter or louder? (Issue 29's live check; `docs/timelines.md` reports its figures.)
 *
 * For each held-out RAVDESS actor and emotion the model knows, `--clips` of the actor's clips in that emotion (sorted
 * by name) are joined with `--pause` seconds of digital silence into one recording; each recording is also made at
 * every `--levels` gain (dB; a raised copy is clipped to [−1, 1], as a hot recording chain clips). At each level the
 * tool reports how often (a) the clips predicted one by one are right and (b) the majority label of the recording's
 * voiced timeline windows is right, with the share of windows voiced. The model must not have trained on the actors:
 * train it on the corpora without them (`--split none`).
 *
 * Usage:
 *   deno run -A tools/one_mood_check.ts --ravdess DIR --actors 19-24 --artifacts DIR [--levels 0,-20,12]
 *     [--clips 6] [--pause 0.4] [--pauses keep|cut|longest] [--json OUT]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { relative } from "node:path";
import { encodeWav, loadAudio } from "$lib/audio/mod.ts";
import { listAudioFiles, parseRavdess } from "$lib/data/mod.ts";
import { featuresOfSamples } from "$lib/features/mod.ts";
import { loadPredictor, predictTimeline } from "$lib/predict/mod.ts";
import type { PauseHandling } from "$lib/segment/mod.ts";

const { values: a } = parseArgs({
  options: {
    ravdess: { type: "string" },
    actors: { type: "string", default: "19-24" },
    artifacts: { type: "string" },
    levels: { type: "string", default: "0,-20,12" },
    clips: { type: "string", default: "6" },
    pause: { type: "string", default: "0.4" },
    pauses: { type: "string", default: "keep" },
    json: { type: "string" },
  },
});
if (!a.ravdess || !a.artifacts) throw new Error("--ravdess DIR and --artifacts DIR are required (see the header)");
const [lo, hi] = a.actors!.split("-").map(Number);
const levels = a.levels!.split(",").map(Number), perRecording = Number(a.clips), pause = Number(a.pause);
if (!["keep", "cut", "longest"].includes(a.pauses!)) {
  throw new Error(`--pauses is ${a.pauses}, expected keep, cut or longest`);
}

/** Every clip of the actors, grouped by (actor, emotion), sorted by path; labels from the RAVDESS parser. */
async function groups(): Promise<Map<string, { emotion: string; files: string[] }>> {
  const out = new Map<string, { emotion: string; files: string[] }>();
  for (const file of (await listAudioFiles([a.ravdess!])).files) {
    const r = parseRavdess(relative(a.ravdess!, file));
    if (!r.ok || Number(r.clip.fields.actor) < lo || Number(r.clip.fields.actor) > hi) continue;
    const key = `${r.clip.fields.actor}:${r.clip.emotion}`;
    out.set(key, { emotion: r.clip.emotion, files: [...(out.get(key)?.files ?? []), file] });
  }
  return out;
}

const gain = (y: Float32Array, db: number) => y.map((v) => Math.max(-1, Math.min(1, v * 10 ** (db / 20))));
const predictor = await loadPredictor(a.artifacts);
const recordings = [...(await groups()).entries()].filter(([, g]) => predictor.classes.includes(g.emotion)).sort();
const rows: Record<string, number | string>[] = [];
for (const level of levels) {
  let clipsRight = 0, clips = 0, timelineRight = 0, voiced = 0, windows = 0;
  for (const [, g] of recordings) {
    const loaded = await Promise.all(g.files.slice(0, perRecording).map((f) => loadAudio(f, { sampleRate: null })));
    const rate = loaded[0].sampleRate, gap = new Float32Array(Math.round(pause * rate));
    const parts = loaded.map((l) => gain(l.y, level));
    const preds = predictor.predictMany(parts.map((y) => featuresOfSamples(predictor.featureSet, y, rate)));
    clipsRight += preds.filter((p) => p.emotion === g.emotion).length, clips += preds.length;
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length + gap.length, -gap.length));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length + gap.length), 0);
    const t = await predictTimeline(predictor, encodeWav(joined, rate), { pauses: a.pauses as PauseHandling });
    const labels = t.windows.filter((w) => w.voiced && w.emotion).map((w) => w.emotion!);
    const count = new Map<string, number>();
    for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
    const top = [...count.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0];
    if (top === g.emotion) timelineRight++;
    voiced += labels.length, windows += t.windows.length;
  }
  const row = {
    level_db: level,
    recordings: recordings.length,
    clips,
    clips_right: clipsRight / clips,
    timeline_right: timelineRight / recordings.length,
    windows_voiced: voiced / windows,
  };
  rows.push(row);
  console.log(
    `${level >= 0 ? "+" : ""}${level} dB: clips one by one ${(100 * row.clips_right).toFixed(1)} % of ${clips}; ` +
      `timeline majority ${(100 * row.timeline_right).toFixed(1)} % of ${recordings.length} recordings ` +
      `(${(100 * row.windows_voiced).toFixed(1)} % of windows voiced; pauses ${a.pauses})`,
  );
}
if (a.json) await Deno.writeTextFile(a.json, JSON.stringify(rows, null, 2));
