/**
 * File output helpers shared by every stage: atomic writes, a progress bar, and CSV (via csv-parse / csv-stringify, since
 * `@std/csv` lives on JSR, which is unreachable here).
 *
 * @module
 */
export * from "./write_atomic.ts";
export * from "./file_path.ts";
export * from "./csv.ts";
export * from "./progress.ts";
