/**
 * librosa-identical spectral features and the seed's 195-dimensional feature vector.
 *
 * Building blocks mirror librosa's names in camelCase (`stft`, `melFilterBank`, `melSpectrogram`, `powerToDb`,
 * `mfcc`, `piptrack`, `estimateTuning`, `chromaStft`, `spectralContrast`, `cqt`, `chromaCqt`, `tonnetz`,
 * `zeroCrossingRate`, `spectralRolloff`); spectrogram-shaped results are row-major `[bins][frames]` matrices.
 *
 * `extractFeatures` runs its inner loops in a WebAssembly SIMD module built from `_simd_kernels.c`: the float64 STFT
 * and everything computed from it give the same bits as these TypeScript building blocks, and the CQT runs in float32
 * as librosa's does (`cqt(…, { precision: "float64" })` is the TypeScript reference).
 *
 * @example
 * import { extractFeatures, FEATURE_NAMES } from "$lib/features/mod.ts";
 * const v = extractFeatures(y, 22050); // Float32Array(195), named by FEATURE_NAMES
 *
 * @module
 */
export * from "./matrix.ts";
export * from "./fft.ts";
export * from "./stft.ts";
export * from "./mel.ts";
export * from "./power_to_db.ts";
export * from "./mfcc.ts";
export * from "./piptrack.ts";
export * from "./chroma_stft.ts";
export * from "./spectral_contrast.ts";
export * from "./cqt.ts";
export * from "./chroma_cqt.ts";
export * from "./tonnetz.ts";
export * from "./zero_crossing_rate.ts";
export * from "./spectral_rolloff.ts";
export * from "./extract_features.ts";
export * from "./frame_descriptors.ts";
export * from "./yin.ts";
export * from "./trim.ts";
export * from "./delta.ts";
export * from "./pooled_features.ts";
export * from "./feature_sets.ts";
export * from "./feature_groups.ts";
