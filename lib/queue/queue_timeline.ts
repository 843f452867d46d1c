/**
 * Timelines as they travel through the queue: the envelope's typed arrays as plain number lists (float32 values are
 * exact in JSON), and back.
 *
 * @module
 */
import type { Timeline } from "../predict/mod.ts";

/** A timeline with its envelope as number lists. */
export type TimelineJson = Omit<Timeline, "envelope"> & { envelope: { rate: number; min: number[]; max: number[] } };

/** A timeline as plain JSON data. */
export function timelineToJson(t: Timeline): TimelineJson {
  return {
    ...t,
    envelope: { rate: t.envelope.rate, min: Array.from(t.envelope.min), max: Array.from(t.envelope.max) },
  };
}

/** A timeline back from its JSON data (the envelope as `Float32Array`s again). */
export function timelineFromJson(j: TimelineJson): Timeline {
  return {
    ...j,
    envelope: { rate: j.envelope.rate, min: Float32Array.from(j.envelope.min), max: Float32Array.from(j.envelope.max) },
  };
}
