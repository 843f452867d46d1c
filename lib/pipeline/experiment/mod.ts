/**
 * Experiments as files: a TOML file's grid of cells (protocols × model families × augmentation × seeds), each run as
 * one cross-validation, resumed cell by cell after a crash, gathered into one results table with intervals and paired
 * comparisons, a chart and a report (`./ser experiment FILE`, notebook 08).
 *
 * @example
 * import { readExperiment, runExperiment, writeExperimentOutputs } from "$lib/pipeline/experiment/mod.ts";
 *
 * @module
 */
export * from "./experiment_file.ts";
export * from "./run_experiment.ts";
export * from "./experiment_outputs.ts";
