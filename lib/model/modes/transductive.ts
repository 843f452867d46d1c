import { groupRows, standardiseBySpeaker } from "./speaker_statistics.ts";
import { requireSpeakers, type UseModeSpec } from "./use_mode.ts";

/** Fewest clips of a group from which transductive statistics are computed. */
export const MIN_GROUP_CLIPS = 2;

/**
 * `transductive`: many unlabelled clips of the speaker. Each speaker's clips are standardised by that speaker's own
 * mean and standard deviation (`z = (x − μ_s) / σ_s`), in training per training speaker and at use per group of clips
 * given together. Strong on a lab protocol, where a speaker's clips span every emotion; misleading on one recording
 * in one mood, which its own statistics centre on "average" — outputs always name it.
 *
 * @example
 * TRANSDUCTIVE_MODE.prepareUse(x, 676, { groups: ["ann", "ann", "bob"] }).served; // [true, true, false]
 */
export const TRANSDUCTIVE_MODE: UseModeSpec = {
  name: "transductive",
  summary: "transductive: each speaker standardised by the statistics of their own unlabelled clips",
  needs: "several clips of each speaker, grouped",
  prepareTraining(rows) {
    requireSpeakers(rows, "transductive");
    return { x: standardiseBySpeaker(rows.x, rows.dim, rows.speakers).x, notes: [] };
  },
  prepareUse(x, dim, context) {
    const n = x.length / dim;
    const groups: (string | null)[] = context.groups ? [...context.groups] : new Array(n).fill(null);
    for (const [, rows] of groupRows(groups)) {
      if (rows.length < MIN_GROUP_CLIPS) { for (const r of rows) groups[r] = null; }
    }
    const served = groups.map((g) => g !== null);
    const notes = served.every(Boolean) ? [] : [
      context.groups
        ? `a speaker group with fewer than ${MIN_GROUP_CLIPS} clips has no statistics: the global model answered for it`
        : "no speaker groups given: the global model answered (give several clips of each speaker to normalise)",
    ];
    return { x: standardiseBySpeaker(x, dim, groups).x, served, notes };
  },
};
