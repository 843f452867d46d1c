/**
 * The pipeline: where the stages are wired. Two rooms and a door:
 *
 * - `train/`: discover → extract (cached) → split → scale → train every use mode → evaluate → outputs, charts, report
 *   and artifacts (`runPipeline`), plus `importKerasArtifacts` for the Python project's saved model;
 * - `cv/`: cross-validation with speakers or corpora held out, every use mode side by side (`crossValidate`,
 *   `writeCvOutputs`), per-speaker accuracy and clip projections;
 * - this module re-exports both and `lib/predict` (loading a trained model and predicting), so a notebook needs one
 *   import. The server and the site import `lib/predict` alone.
 *
 * @example
 * import { runPipeline } from "$lib/pipeline/mod.ts";
 * const summary = await runPipeline({ dataDir: "dataset", epochs: 100 });
 *
 * @module
 */
export * from "./train/config.ts";
export * from "./train/data_source.ts";
export * from "./train/prepare_data.ts";
export * from "./train/train_stage.ts";
export * from "./train/evaluate_stage.ts";
export * from "./train/run_pipeline.ts";
export * from "./train/score_modes.ts";
export * from "./train/evaluate_test_split.ts";
export * from "./train/run_metadata.ts";
export * from "./train/import_keras_artifacts.ts";
export * from "./cv/cv_stage.ts";
export * from "./cv/cv_outputs.ts";
export * from "./cv/speaker_accuracy.ts";
export * from "./cv/clip_projection.ts";
export * from "./cv/cv_matrix.ts";
export * from "./cv/cv_matrix_outputs.ts";
export * from "./experiment/mod.ts";
export * from "../predict/mod.ts";
