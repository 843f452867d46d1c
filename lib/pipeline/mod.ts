/**
 * The one place where the stages are wired: discover → extract (cached) → split → scale → train → evaluate → write
 * outputs and artifacts, and the predictor that goes from audio to emotions with a trained model. The CLI tasks, the
 * server and the notebooks call these functions; each stage reads on its own in its file.
 *
 * @example
 * import { runPipeline } from "$lib/pipeline/mod.ts";
 * const summary = await runPipeline({ dataDir: "dataset", epochs: 100 });
 *
 * @module
 */
export * from "./config.ts";
export * from "./data_source.ts";
export * from "./prepare_data.ts";
export * from "./train_stage.ts";
export * from "./evaluate_stage.ts";
export * from "./run_pipeline.ts";
export * from "./prediction.ts";
export * from "./predictor.ts";
export * from "./audio_analysis.ts";
export * from "./predict_batch.ts";
export * from "./enrolment.ts";
export * from "./score_modes.ts";
export * from "./evaluate_test.ts";
export * from "./run_metadata.ts";
export * from "./import_keras.ts";
export * from "./cv_stage.ts";
export * from "./cv_outputs.ts";
export * from "./speaker_accuracy.ts";
export * from "./clip_projection.ts";
export * from "./timeline.ts";
