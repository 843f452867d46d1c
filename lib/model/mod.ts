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
export * from "./engine/backend.ts";
export * from "./networks/mlp.ts";
export * from "./engine/seeded_random.ts";
export * from "./engine/callbacks.ts";
export * from "./networks/scaler.ts";
export * from "./engine/train_model.ts";
export * from "./artifacts/artifacts.ts";
export * from "./artifacts/artifact_layout.ts";
export * from "./interchange/read_pickle.ts";
export * from "./interchange/keras_model.ts";
export * from "./networks/ensemble.ts";
export * from "./interchange/export_onnx.ts";
export * from "./families/family.ts";
export * from "./families/family_registry.ts";
export * from "./modes/use_mode.ts";
export * from "./modes/mode_registry.ts";
export * from "./modes/speaker_statistics.ts";
export { enrolmentOf, enrolmentWeight, FULL_ENROLMENT_SECONDS, MAX_ENROLMENT_WEIGHT } from "./modes/enrolled.ts";
export * from "./modes/enrolment_json.ts";
export { MIN_GROUP_CLIPS } from "./modes/transductive.ts";
