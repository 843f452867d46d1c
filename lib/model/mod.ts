/**
 * The model stage (the only part of the project that imports tfjs): the seed's MLP, its training recipe on the
 * tfjs WebAssembly backend, feature scaling, and portable artifacts.
 *
 * @example
 * import { buildSeedMlp, initBackend, trainModel, withSeededRandom } from "$lib/model/mod.ts";
 * await initBackend();
 * const result = await withSeededRandom(42, () => trainModel(buildSeedMlp(), train, val));
 *
 * @module
 */
export * from "./backend.ts";
export * from "./mlp.ts";
export * from "./seeded_random.ts";
export * from "./callbacks.ts";
export * from "./scaler.ts";
export * from "./train.ts";
export * from "./artifacts.ts";
export * from "./read_pickle.ts";
export * from "./import_keras.ts";
export * from "./speaker_norm.ts";
export * from "./ensemble.ts";
export * from "./families.ts";
