/**
 * Segmentation for long recordings and live streams: sliding windows (in one pass over a stream, in constant memory),
 * voice activity detection (the WebRTC VAD in WebAssembly, with energy and flatness checks), and smoothing of per-window
 * predictions into labelled segments with a summary. The timeline (`predictTimeline`) and the server's WebSocket stream
 * both use these.
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
