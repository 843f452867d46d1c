/**
 * Predict: load a trained model once, then emotions (and gender) for one clip, a batch of files, or a long recording
 * over time, in the use mode the caller has the means for — `global` (a clip alone), `enrolled` (with a short
 * recording of the speaker's everyday voice) or `transductive` (with other clips of the same speaker).
 *
 * This room is all the server (`lib/serve`), the on-device site (`lib/site`) and `./ser predict` use: it depends on
 * `audio`, `features`, `data` (the extraction pool), `segment` and `model`, never on training or cross-validation.
 *
 * | module | what |
 * | --- | --- |
 * | `predictor.ts` | the `Predictor` interface and its input, context and batch-row types (a leaf) |
 * | `load_predictor.ts` | `loadPredictor(dir)`: artifacts → a `Predictor` |
 * | `prediction.ts` | one prediction, and how a model's output row becomes one |
 * | `predict_batch.ts` | files, folders and globs on a worker pool, with an error row per failed file |
 * | `enrolment.ts` | a recording of a speaker's everyday voice → an enrolment |
 * | `timeline.ts` | long recordings: windows, VAD, smoothed segments and a summary |
 * | `audio_analysis.ts` | one clip's waveform, spectrogram, MFCCs and prediction (chart 12) |
 *
 * @example
 * import { loadPredictor } from "$lib/predict/mod.ts";
 * const predictor = await loadPredictor("artifacts");
 * const { emotion, confidence } = await predictor.predict("clip.wav");
 *
 * @module
 */
export * from "./predictor.ts";
export * from "./prediction.ts";
export * from "./load_predictor.ts";
export * from "./predict_batch.ts";
export * from "./enrolment.ts";
export * from "./timeline.ts";
export * from "./audio_analysis.ts";
export { SYNTHETIC_WARNING } from "../model/mod.ts";
