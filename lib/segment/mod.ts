/**
 * Segmentation for long recordings and live streams: sliding windows (in one pass over a stream, in constant memory),
 * voice activity detection relative to the recording (the WebRTC VAD in WebAssembly, a noise floor and a level), long
 * pauses cut out of a window (`dropPauses`), a
 * decoded recording scanned window by window (`scanRecording`), smoothing of per-window predictions into labelled
 * segments with a summary, and the stable live view (`LiveSmoother`). Timelines, enrolments, the server's stream and
 * the on-device page use these.
 *
 * @example
 * import { slidingWindows } from "$lib/segment/mod.ts";
 * slidingWindows(10 * 16000, 16000, { window: 3, hop: 1 }).length; // 8
 *
 * @module
 */
export * from "./windows.ts";
export * from "./vad.ts";
export * from "./segments.ts";
export * from "./scan_recording.ts";
export * from "./drop_pauses.ts";
export * from "./live_smoother.ts";
export * from "./enrolment_windows.ts";
