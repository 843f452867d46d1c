/**
 * Private: `predict --timeline`: an emotion timeline per file, printed as a table, JSON or per-window CSV, with the
 * timeline chart on request.
 *
 * @module
 */
import { basename } from "node:path";
import { toCsv } from "$lib/io/mod.ts";
import type { Enrolment } from "$lib/model/mod.ts";
import { type Predictor, predictTimeline, type Timeline, type TimelineOptions } from "$lib/predict/mod.ts";

const clock = (s: number) => {
  const m = Math.floor(s / 60), r = s - 60 * m;
  return `${m}:${r.toFixed(1).padStart(4, "0")}`;
};

/** Timelines of `files`, formatted; failures become error entries and the run goes on. */
export async function runTimelines(
  predictor: Predictor,
  files: readonly string[],
  format: "table" | "json" | "csv",
  options: TimelineOptions & {
    chartDir?: string;
    note?: string;
    enrolmentOf?: (file: string) => Enrolment | undefined;
  },
): Promise<{ text: string; failed: number }> {
  const done: Done[] = [];
  for (const file of files) {
    let last = 0;
    try {
      const t = await predictTimeline(predictor, file, {
        ...options,
        enrolment: options.enrolmentOf?.(file) ?? options.enrolment,
        onProgress: (s, total) => {
          if (s - last >= 60 && Deno.stderr.isTerminal()) {
            last = s;
            Deno.stderr.writeSync(
              new TextEncoder().encode(`\rtimeline ${basename(file)}: ${clock(s)}${total ? ` / ${clock(total)}` : ""}`),
            );
          }
        },
      });
      if (last) Deno.stderr.writeSync(new TextEncoder().encode("\n"));
      done.push(t);
    } catch (e) {
      done.push({ source: file, error: (e as Error).message });
    }
  }
  return await renderTimelines(done, predictor.classes, format, options);
}

/** Finished timelines (computed here or by queue workers): a line each on stderr, charts on request, the text. */
export async function renderTimelines(
  done: readonly Done[],
  classes: readonly string[],
  format: "table" | "json" | "csv",
  options: { chartDir?: string; note?: string },
): Promise<{ text: string; failed: number }> {
  for (const t of done) {
    if ("error" in t) continue;
    console.error(
      `timeline ${t.source}: ${t.duration.toFixed(1)} s in ${t.seconds.toFixed(1)} s (${
        t.realtimeFactor.toFixed(0)
      }× real time), ${t.windows.length} windows, ${t.segments.length} segments`,
    );
    if (options.chartDir) {
      const { timelineChart } = await import("$lib/charts/mod.ts"); // loaded only when asked for
      const chart = timelineChart({
        clip: basename(t.source),
        duration: t.duration,
        envelope: t.envelope,
        windows: t.windows,
        segments: t.segments,
        classes: [...classes],
        note: options.note,
      });
      await chart.save(options.chartDir);
    }
  }
  const failed = done.filter((d) => "error" in d).length;
  const text = format === "json"
    ? timelinesJson(done)
    : format === "csv"
    ? timelinesCsv(done, classes)
    : timelinesTable(done);
  return { failed, text };
}

/** A finished timeline, or why a file failed. */
export type Done = Timeline | { source: string; error: string };

/** JSON: one entry per file, every window kept (`voiced`, `emotion`, probabilities, mode). */
function timelinesJson(done: readonly Done[]): string {
  return JSON.stringify(
    done.map((t) =>
      "error" in t ? { file: t.source, error: t.error } : {
        file: t.source,
        error: null,
        duration_s: t.duration,
        container: t.container,
        decoder: t.decoder,
        window_s: t.windowSeconds,
        hop_s: t.hopSeconds,
        mode: t.mode,
        notes: t.notes,
        realtime_factor: t.realtimeFactor,
        segments: t.segments,
        summary: t.summary,
        windows: t.windows,
      }
    ),
    null,
    1,
  ) + "\n";
}

/** CSV: one row per window, with its segment's label; a failed file is one row with its error. */
function timelinesCsv(done: readonly Done[], classes: readonly string[]): string {
  const rows = done.flatMap((t) =>
    "error" in t
      ? [[t.source, "", "", "", "", "", "", "", ...classes.map(() => ""), "", t.error]]
      : t.windows.map((w) => {
        const seg = t.segments.find((s) => (w.start + w.end) / 2 >= s.start && (w.start + w.end) / 2 <= s.end);
        return [
          t.source,
          w.start,
          w.end,
          w.voiced,
          w.speechFraction,
          w.emotion ?? "",
          w.mode ?? "",
          w.confidence ?? "",
          ...classes.map((c) => w.probabilities?.[c] ?? ""),
          seg?.label ?? "",
          "",
        ];
      })
  );
  return toCsv([
    "file",
    "start_s",
    "end_s",
    "voiced",
    "speech_fraction",
    "emotion",
    "mode",
    "confidence",
    ...classes,
    "segment",
    "error",
  ], rows);
}

/** A table per file: its segments, each emotion's share of the voiced time, and the notes. */
function timelinesTable(done: readonly Done[]): string {
  const lines: string[] = [];
  for (const t of done) {
    if ("error" in t) {
      lines.push(`${t.source}  ERROR  ${t.error}`, "");
      continue;
    }
    lines.push(
      `${t.source} — ${
        clock(t.duration)
      } (${t.container}), ${t.windows.length} windows of ${t.windowSeconds} s every ${t.hopSeconds} s, ${t.mode} mode`,
    );
    lines.push(`  ${"from".padStart(8)}  ${"to".padStart(8)}  ${"segment".padEnd(10)} confidence`);
    for (const s of t.segments) {
      lines.push(
        `  ${clock(s.start).padStart(8)}  ${clock(s.end).padStart(8)}  ${s.label.padEnd(10)} ${
          s.label === "silence" ? "" : `${(100 * s.confidence).toFixed(0)}%`
        }`,
      );
    }
    const by = Object.entries(t.summary.byLabel).sort((a, b) => b[1].seconds - a[1].seconds);
    lines.push(`  voiced ${clock(t.summary.voicedSeconds)} of ${clock(t.duration)}:`);
    for (const [label, v] of by) {
      lines.push(
        `    ${label.padEnd(10)} ${(100 * v.share).toFixed(1).padStart(5)}% of voiced time, longest ${
          clock(v.longest.start)
        }–${clock(v.longest.end)}`,
      );
    }
    for (const n of t.notes) lines.push(`  note: ${n}`);
    lines.push("");
  }
  return lines.join("\n");
}
