/**
 * Audio loading identical to `librosa.load`: WAV decoding with libsndfile's scaling, mono mixing and
 * resampling through libsoxr at HQ quality (librosa's default), with a TypeScript fallback.
 *
 * @example
 * import { loadAudio } from "$lib/audio/mod.ts";
 * const { y, sampleRate, resampler } = await loadAudio("clip.wav", { sampleRate: 22050, duration: 3 });
 *
 * @module
 */
export * from "./errors.ts";
export * from "./decode_wav.ts";
export * from "./resample.ts";
export * from "./load_audio.ts";
export * from "./encode_wav.ts";
