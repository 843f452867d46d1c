/**
 * Audio loading identical to `librosa.load`, for every container it reads: WAV (RIFF/RF64) in TypeScript with
 * libsndfile's scaling; FLAC, Ogg Vorbis/Opus, MP3, AIFF, CAF, W64, AU and the rest of libsndfile's formats through
 * libsndfile (`Deno.dlopen`, as python-soundfile); MP4/M4A and WebM through ffmpeg (as librosa's audioread fallback).
 * The container is detected from the bytes, never the name. Then mono mixing and resampling through libsoxr at HQ
 * quality (librosa's default), with a TypeScript fallback. `openAudio` reads any of them in blocks.
 *
 * @example
 * import { loadAudio } from "$lib/audio/mod.ts";
 * const { y, sampleRate, decoder } = await loadAudio("clip.flac", { sampleRate: 22050, duration: 3 });
 *
 * @module
 */
export * from "./errors.ts";
export * from "./detect_container.ts";
export * from "./decode_wav.ts";
export * from "./audio_reader.ts";
export * from "./resample.ts";
export * from "./load_audio.ts";
export * from "./encode_wav.ts";
export * from "./sniff_sample_rate.ts";
