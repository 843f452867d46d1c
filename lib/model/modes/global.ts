import type { UseModeSpec } from "./use_mode.ts";

/**
 * `global`: one clip, nothing known of the speaker. Features go through the training scaler only; the model has to
 * hold on any voice, microphone and level by itself.
 *
 * @example
 * GLOBAL_MODE.prepareUse(x, 676, {}).served; // every row
 */
export const GLOBAL_MODE: UseModeSpec = {
  name: "global",
  summary: "global: one clip, nothing known of the speaker",
  needs: "nothing",
  prepareTraining: (rows) => ({ x: rows.x, notes: [] }),
  prepareUse: (x, dim) => ({ x, served: new Array(x.length / dim).fill(true), notes: [] }),
};
