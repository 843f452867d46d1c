/**
 * The data stage: corpus discovery and labelling (RAVDESS, CREMA-D, TESS, SAVEE, EMO-DB), the synthetic demo corpus,
 * seed and speaker-independent splits, and cached parallel feature extraction.
 *
 * @example
 * import { discoverCorpus, extractCorpus, seedSplit } from "$lib/data/mod.ts";
 * const d = await discoverCorpus("dataset");
 * const table = await extractCorpus(d.root, d.entries);
 *
 * @module
 */
export * from "./emotions.ts";
export * from "./list_audio_files.ts";
export * from "./corpora/ravdess.ts";
export * from "./corpora/crema_d.ts";
export * from "./corpora/tess.ts";
export * from "./corpora/savee.ts";
export * from "./corpora/emodb.ts";
export * from "./discover_corpus.ts";
export * from "./synthesize_speech.ts";
export * from "./demo_corpus.ts";
export * from "./split.ts";
export * from "./cv_folds.ts";
export * from "./feature_cache.ts";
export * from "./extract_corpus.ts";
export * from "./write_data_outputs.ts";
export * from "./label_set.ts";
export * from "./metadata_manifest.ts";
export * from "./demo_own_data.ts";
export * from "./demo_recording.ts";
export * from "./extraction_pool.ts";
export * from "./augment.ts";
