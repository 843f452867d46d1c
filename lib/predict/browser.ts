/**
 * The predict room's door for code bundled into a browser (the on-device site's worker): the parts that touch no
 * file system, process or native library — one prediction and how a model's output row becomes one. Everything else
 * goes through `mod.ts`.
 *
 * @module
 */
export * from "./prediction.ts";
