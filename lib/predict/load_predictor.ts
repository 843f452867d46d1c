/**
 * Load trained artifacts once * Prediction: load trained artifacts once, then predict emotions for one recording or thousands, in the use mode the
 * caller has the means for — `global` (a clip alone), `enrolled` (with the speaker's enrolment) or `transductive`
 * (with other clips of the speaker) — wiring the audio, feature and model stages exactly as training did.
 *
 * @example
 * import { loadPredictor } from "$lib/pipeline/mod.ts";
 * const predictor = await loadPredictor("artifacts");
 * const { emotion, confidence } = await predictor.predict("clip.wav");
 *
 * @module
 */
import { loadAudio, type LoadedAudio } from "../audio/load_audio.ts";
import { resample } from "../audio/resample.ts";
import { FEATURE_SETS, type FeatureSet } from "../features/feature_sets.ts";
import {
  enrolmentOf,
  type FittedFamily,
  FULL_ENROLMENT_SECONDS,
  initBackend,
  loadArtifacts,
  MAX_ENROLMENT_WEIGHT,
  ModeError,
  syntheticWarning,
  USE_MODE_NAMES,
  type UseModeName,
} from "../model/mod.ts";
import { type Prediction, toPrediction, withLength } from "./prediction.ts";
import { predictBatch } from "./predict_batch.ts";
import type { PredictContext, PredictInput, Predictor } from "./predictor.ts";

/** The mode a context asks for, checked against the modes the model has. */
function modeOf(context: PredictContext, modes: readonly UseModeName[], family: string): UseModeName {
  const mode = context.mode ?? (context.enrolments ? "enrolled" : context.groups ? "transductive" : "global");
  if (!modes.includes(mode)) {
    throw new ModeError(
      `this ${family} model was trained for ${modes.join(", ")}, not ${mode}: retrain with --modes ${
        [...modes, mode].join(",")
      }`,
    );
  }
  return mode;
}

/** Load audio for the feature set: a file or bytes through `loadAudio`, raw samples cut and resampled alike. */
async function loadFor(set: FeatureSet, input: PredictInput): Promise<LoadedAudio> {
  if (typeof input === "string" || input instanceof Uint8Array) {
    return await loadAudio(input, { sampleRate: set.sampleRate, duration: set.duration });
  }
  if (!(input.y instanceof Float32Array) || !(input.sampleRate > 0)) {
    throw new RangeError("raw samples need { y: Float32Array, sampleRate: Hz > 0 }");
  }
  const window = input.y.subarray(0, Math.trunc(set.duration * input.sampleRate));
  const r = input.sampleRate === set.sampleRate
    ? { y: window, resampler: null }
    : resample(window, { origSr: input.sampleRate, targetSr: set.sampleRate });
  return {
    y: r.y,
    channelData: [r.y],
    sampleRate: set.sampleRate,
    nativeSampleRate: input.sampleRate,
    nativeChannels: 1,
    resampler: r.resampler,
    warnings: [],
    source: "<samples>",
    container: "samples",
    decoder: null,
    totalSeconds: input.y.length / input.sampleRate,
  };
}

/** Predictions for feature vectors in the context's mode, with the note and synthetic marker each carries. */
function predictVectors(
  fitted: FittedFamily,
  classes: string[],
  set: FeatureSet,
  rows: readonly Float32Array[],
  context: PredictContext,
  synthetic: string | null,
): Prediction[] {
  if (rows.length === 0) return [];
  const modes = USE_MODE_NAMES.filter((m) => fitted.modes[m]);
  const mode = modeOf(context, modes, fitted.family.name);
  const x = new Float32Array(rows.length * set.count);
  rows.forEach((r, i) => {
    if (r.length !== set.count) throw new RangeError(`expected ${set.count} ${set.name} features, got ${r.length}`);
    x.set(r, i * set.count);
  });
  for (const e of context.enrolments ?? []) {
    if (e && e.mean.length !== set.count) {
      throw new RangeError(
        `the enrolment has ${e.mean.length} values; this model's ${set.name} features have ${set.count}`,
      );
    }
  }
  const K = classes.length;
  const p = fitted.family.predict(fitted, x, mode, context);
  const g = fitted.family.predictGender(fitted, x);
  return rows.map((_, i) => {
    const gender = g && fitted.gender
      ? { probabilities: g.subarray(2 * i, 2 * i + 2), classes: fitted.gender.classes }
      : null;
    const out = toPrediction(classes, p.probabilities.subarray(i * K, (i + 1) * K), gender, p.modeUsed[i]);
    const group = context.groups?.[i];
    if (group) out.speakerGroup = group;
    if (p.modeUsed[i] !== mode && p.notes.length) out.note = p.notes[0];
    const w = p.enrolmentWeights?.[i];
    if (w !== null && w !== undefined) {
      out.enrolmentWeight = w;
      const seconds = context.enrolments![i]!.seconds;
      if (seconds < FULL_ENROLMENT_SECONDS) {
        out.note =
          `enrolled on ${seconds.toFixed(1)} s of the speaker's voice: the answer is ${Math.round(100 * w)} % ` +
          `the enrolled model's, the rest the global one's (${FULL_ENROLMENT_SECONDS} s earns the full ` +
          `${Math.round(100 * MAX_ENROLMENT_WEIGHT)} %)`;
      }
    }
    if (mode === "transductive" && p.modeUsed[i] === mode) {
      out.note = "transductive: normalised by this speaker group's own clips; clips all in one mood are misread";
    }
    if (synthetic) out.synthetic = synthetic;
    return out;
  });
}

/**
 * Load and validate artifacts written by `train` (or `import-keras`) and return a predictor.
 *
 * @param artifactsDir Folder with `model_metadata.json`, `labels.json` and the family's files. Default `artifacts`.
 * @param options.which `"model"` (final weights, default) or `"best"` (the global model's best checkpoint).
 * @throws {ArtifactError} If the artifacts are missing, corrupt or inconsistent; the message says how to train.
 * @example
 * const p = await loadPredictor("artifacts");
 */
export async function loadPredictor(
  artifactsDir = "artifacts",
  options: { which?: "model" | "best" } = {},
): Promise<Predictor> {
  await initBackend();
  const { fitted, labels: classes, metadata } = await loadArtifacts(artifactsDir, options);
  const set = FEATURE_SETS[fitted.family.featureSet];
  const synthetic = syntheticWarning(metadata);
  const predictMany = (rows: readonly Float32Array[], context: PredictContext = {}) =>
    predictVectors(fitted, classes, set, rows, context, synthetic);
  const predictor: Predictor = {
    classes,
    metadata,
    family: fitted.family,
    featureSet: set,
    modes: USE_MODE_NAMES.filter((m) => fitted.modes[m]),
    synthetic,
    async predict(input, opts = {}) {
      const audio = await loadFor(set, input);
      const f = set.extract(audio.y);
      const others = opts.speakerFeatures ?? [];
      const p = opts.enrolment
        ? predictMany([f], { enrolments: [opts.enrolment] })[0]
        : others.length
        ? predictMany([f, ...others], { groups: new Array(others.length + 1).fill("given speaker") })[0]
        : predictMany([f])[0];
      return withLength(p, audio.totalSeconds, set.duration);
    },
    features: async (input) => set.extract((await loadFor(set, input)).y),
    enrol: (vectors, seconds) => enrolmentOf(set.name, vectors, seconds),
    predictFeatures: (f, context) => predictMany([f], context)[0],
    predictMany,
    async analyse(input) {
      const audio = await loadFor(set, input);
      const f = set.extract(audio.y);
      return { audio, features: f, prediction: predictMany([f])[0] };
    },
    predictBatch: (inputs, opts = {}) => predictBatch(predictor, inputs, opts),
  };
  return predictor;
}
