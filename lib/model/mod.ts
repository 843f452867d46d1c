/**
 * The model stage (the only part of the project that imports tfjs): the model families (one file each in
 * `families/`, listed in `families/registry.ts`), the use modes (`modes/`: global, enrolled, transductive), training
 * on the tfjs WebAssembly backend, feature scaling, portable artifacts, and the Keras importer.
 *
 * @example
 * import { initBackend, modelFamily } from "$lib/model/mod.ts";
 * await initBackend();
 * const fitted = await modelFamily(DEFAULT_FAMILY.name).fit(data, train, val, { seed: 42, modes: ["enrolled"] });
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
export * from "./ensemble.ts";
export * from "./export_onnx.ts";
export * from "./families/family.ts";
export * from "./families/registry.ts";
export * from "./modes/use_mode.ts";
export * from "./modes/registry.ts";
export * from "./modes/speaker_statistics.ts";
export { enrolmentOf } from "./modes/enrolled.ts";
export * from "./modes/enrolment_json.ts";
export { MIN_GROUP_CLIPS } from "./modes/transductive.ts";
