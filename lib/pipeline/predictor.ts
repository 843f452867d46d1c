/**
 * Prediction: load trained artifacts once, then predict emotions for one recording or thousands. Wires the audio,
 * feature and model stages exactly as training did (the model's feature set, its scaler, and — for models trained with
 * speaker normalisation — each speaker's own statistics when several clips of that speaker are given, the global
 * fallback model otherwise), and the gender model when the artifacts have one.
 *
 * @example
 * import { loadPredictor } from "$lib/pipeline/mod.ts";
 * const predictor = await loadPredictor("artifacts");
 * const { emotion, confidence } = await predictor.predict("clip.wav");
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import { loadAudio, type LoadedAudio } from "../audio/load_audio.ts";
import { resample } from "../audio/resample.ts";
import { applyLabelSet, listAudioFiles } from "../data/mod.ts";
import { labelFromFileName } from "../data/discover_corpus.ts";
import type { AudioAnalysisData } from "../charts/audio_analysis_chart.ts";
import { mfcc as mfccOf, spectrogram } from "../features/mod.ts";
import { runExtractionPool } from "../data/extraction_pool.ts";
import { FEATURE_SETS, type FeatureSet } from "../features/feature_sets.ts";
import { type Artifacts, initBackend, loadArtifacts, MIN_SPEAKER_CLIPS, type ModelMetadata } from "../model/mod.ts";
import { type FittedFamily, predictFamily, predictGender } from "./_fit.ts";
import { modelFamily } from "../model/mod.ts";

/** One prediction. */
export interface Prediction {
  /** The most probable class. */
  emotion: string;
  /** Its probability, 0–1. */
  confidence: number;
  /** Probability of every class, in label order. */
  probabilities: Record<string, number>;
  /** The predicted gender and its probability, when the model has a gender head. */
  gender?: { label: string; confidence: number };
  /**
   * How the features were normalised: `speaker` (by the statistics of the speaker group's clips) or `global` (the
   * training scaler, and for speaker-normalised models their global fallback).
   */
  normalization: "speaker" | "global";
  /** The speaker group used, when there was one. */
  speakerGroup?: string;
  /** Why a speaker-normalised model fell back to the global scaler, when it did. */
  note?: string;
  /** Seconds of the recording the model read (the first 3 s for the seed's features). */
  usedSeconds?: number;
  /** The whole recording's length in seconds, when known. */
  durationSeconds?: number;
  /** Set when the recording is longer than what the model reads, e.g. `used the first 3.0 s of 600.0 s`. */
  truncated?: string;
}

/** Audio to predict: a path, a file's bytes, or raw samples with their rate. */
export type PredictInput = string | Uint8Array | { y: Float32Array; sampleRate: number };

/** A row of a batch prediction: a file and its prediction, or the reason it failed. */
export type BatchRow = { file: string; error: null } & Prediction | { file: string; error: string };

/** How `predictBatch` forms speaker groups for speaker normalisation. */
export interface SpeakerGrouping {
  /** `folder`: the files of each folder are one speaker; or a map of file path → speaker id. */
  by?: "folder" | ReadonlyMap<string, string>;
  /** Extra unlabelled clips of one person: their statistics normalise every input that has no group. */
  calibrate?: readonly string[];
}

/** A loaded model with everything needed to go from audio to emotions. */
export interface Predictor {
  /** Class names in the model's output order. */
  readonly classes: string[];
  /** The run's metadata (data source, test accuracy, family, feature set, normalisation, …). */
  readonly metadata: ModelMetadata;
  /** The feature set the model takes. */
  readonly featureSet: FeatureSet;
  /** True when the model was trained with per-speaker normalisation. */
  readonly speakerNormalised: boolean;
  /**
   * Predict one recording, loaded as in training (the feature set's rate and window). A single clip has no speaker
   * statistics, so a speaker-normalised model uses its global fallback and says so (`note`); pass
   * `options.speakerFeatures` (other clips of the same speaker, see {@linkcode Predictor.features}) to normalise.
   *
   * @throws {AudioDecodeError | AudioValueError} If the audio cannot be read; {RangeError} if samples lack a rate.
   */
  predict(input: PredictInput, options?: { speakerFeatures?: readonly Float32Array[] }): Promise<Prediction>;
  /** The feature vector of a recording, as the model takes it before scaling. */
  features(input: PredictInput): Promise<Float32Array>;
  /**
   * Predict from feature vectors (unscaled). With `groups` (a speaker id per vector, for speaker-normalised models),
   * vectors of a group of at least two are normalised by that group's statistics.
   */
  predictFeatures(features: Float32Array, groups?: readonly (string | null)[]): Prediction;
  /** As {@linkcode Predictor.predictFeatures} for many vectors at once. */
  predictMany(features: readonly Float32Array[], groups?: readonly (string | null)[]): Prediction[];
  /**
   * Predict files, folders and globs in parallel (one worker per core by default). Files that fail become rows with
   * their error; the batch goes on. `speakers` forms the groups for speaker normalisation.
   */
  predictBatch(
    inputs: readonly string[],
    options?: { workers?: number; onProgress?: (done: number, total: number) => void; speakers?: SpeakerGrouping },
  ): Promise<BatchRow[]>;
  /** Load audio and return it with its features and prediction (for the audio-analysis chart). */
  analyse(input: PredictInput): Promise<{ audio: LoadedAudio; features: Float32Array; prediction: Prediction }>;
}

/** A fitted family from loaded artifacts. */
function fittedOf(a: Artifacts): FittedFamily {
  return {
    family: modelFamily(a.metadata.model_family ?? "seed-mlp"),
    speakerNorm: a.metadata.speaker_norm ?? "none",
    main: { model: a.model, scaler: a.scaler },
    fallback: a.fallback ?? null,
    gender: a.gender ?? null,
    history: [],
    bestEpoch: a.metadata.best_epoch - 1,
    stoppedEarly: false,
  };
}

/**
 * Load and validate artifacts written by `deno task train` (or `import-keras`) and return a predictor.
 *
 * @param artifactsDir Folder with `model/`, `scaler.json`, `labels.json`, `model_metadata.json` (and `global/`,
 *   `gender/` when trained with them). Default `artifacts`.
 * @param options.which `"model"` (final weights, default) or `"best"` (best val_accuracy checkpoint).
 * @throws {ArtifactError} If the artifacts are missing, corrupt or inconsistent; the message says how to train.
 * @example
 * const p = await loadPredictor("artifacts");
 */
export async function loadPredictor(
  artifactsDir = "artifacts",
  options: { which?: "model" | "best" } = {},
): Promise<Predictor> {
  await initBackend();
  const a: Artifacts = await loadArtifacts(artifactsDir, options);
  const classes = a.labels;
  const K = classes.length;
  const set = FEATURE_SETS[a.metadata.feature_set ?? "seed"];
  const fitted = fittedOf(a);
  const speakerNormalised = fitted.speakerNorm === "speaker";
  const toPrediction = (p: ArrayLike<number>, g: ArrayLike<number> | null, normalised: boolean, group?: string) => {
    let best = 0;
    for (let c = 1; c < K; c++) if (p[c] > p[best]) best = c;
    const out: Prediction = {
      emotion: classes[best],
      confidence: p[best],
      probabilities: Object.fromEntries(classes.map((c, i) => [c, p[i]])),
      normalization: normalised ? "speaker" : "global",
    };
    if (g && fitted.gender) {
      const m = g[1] > g[0] ? 1 : 0;
      out.gender = { label: fitted.gender.classes[m], confidence: g[m] };
    }
    if (group) out.speakerGroup = group;
    if (speakerNormalised && !normalised) {
      out.note = group
        ? `speaker group "${group}" has fewer than ${MIN_SPEAKER_CLIPS} clips: global scaler and fallback model used`
        : "no speaker group: global scaler and the global fallback model used (give several clips of the speaker to normalise)";
    }
    return out;
  };
  const predictMany = (rows: readonly Float32Array[], groups?: readonly (string | null)[]): Prediction[] => {
    if (rows.length === 0) return [];
    for (const r of rows) {
      if (r.length !== set.count) throw new RangeError(`expected ${set.count} ${set.name} features, got ${r.length}`);
    }
    const x = new Float32Array(rows.length * set.count);
    rows.forEach((r, i) => x.set(r, i * set.count));
    const gs = groups ? groups.map((g) => g ?? "") : null;
    const p = predictFamily(fitted, x, set.count, gs, K);
    const g = predictGender(fitted, x, set.count);
    return rows.map((_, i) =>
      toPrediction(
        p.probabilities.subarray(i * K, (i + 1) * K),
        g ? g.subarray(2 * i, 2 * i + 2) : null,
        p.speakerNormalised[i],
        gs?.[i] || undefined,
      )
    );
  };
  const load = async (input: PredictInput): Promise<LoadedAudio> => {
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
    };
  };
  const features = async (input: PredictInput) => set.extract((await load(input)).y);
  const extractFiles = async (files: readonly string[], workers?: number, onDone?: () => void) => {
    const feats = new Array<Float32Array | string>(files.length), lengths = new Array<number | null>(files.length);
    await runExtractionPool(files.map((path, id) => ({ id, path })), {
      workers,
      featureSet: set.name,
      onResult: (id, r, info) => {
        feats[id] = r;
        lengths[id] = info.totalSeconds;
        onDone?.();
      },
    });
    return Object.assign(feats, { lengths });
  };
  /** Note a recording longer than the model reads. */
  const withLength = (p: Prediction, total: number | null | undefined): Prediction => {
    if (total === null || total === undefined) return p;
    const used = Math.min(total, set.duration);
    const out = { ...p, usedSeconds: used, durationSeconds: total };
    if (total > set.duration + 1e-6) {
      out.truncated = `used the first ${set.duration.toFixed(1)} s of ${
        total.toFixed(1)
      } s (predict --timeline for the whole recording)`;
    }
    return out;
  };
  return {
    classes,
    metadata: a.metadata,
    featureSet: set,
    speakerNormalised,
    async predict(input, opts = {}) {
      const audio = await load(input);
      const f = set.extract(audio.y);
      const others = opts.speakerFeatures ?? [];
      const p = others.length
        ? predictMany([f, ...others], new Array(others.length + 1).fill("given speaker"))[0]
        : predictMany([f])[0];
      return withLength(p, audio.totalSeconds);
    },
    features,
    predictFeatures: (f, groups) => predictMany([f], groups)[0],
    predictMany,
    async analyse(input) {
      const audio = await load(input);
      const f = set.extract(audio.y);
      return { audio, features: f, prediction: predictMany([f])[0] };
    },
    async predictBatch(inputs, opts = {}) {
      const { files, missing } = await listAudioFiles(inputs);
      let done = 0;
      const feats = await extractFiles(files, opts.workers, () => opts.onProgress?.(++done, files.length));
      const okIdx = files.map((_, i) => i).filter((i) => feats[i] instanceof Float32Array);
      const by = opts.speakers?.by;
      let groups: (string | null)[] | undefined;
      let vectors = okIdx.map((i) => feats[i] as Float32Array);
      if (speakerNormalised && (by || opts.speakers?.calibrate?.length)) {
        // A file → speaker map may name files as given, by absolute path, or by file name.
        const lookup = new Map<string, string>();
        if (by instanceof Map) {
          for (const [k, v] of by) for (const key of [k, resolve(k), basename(k)]) lookup.set(key, v);
        }
        const groupOf = (f: string) =>
          by === "folder" ? dirname(f) : lookup.get(f) ?? lookup.get(resolve(f)) ?? lookup.get(basename(f)) ?? null;
        groups = okIdx.map((i) => groupOf(files[i]));
        if (opts.speakers?.calibrate?.length) {
          // Calibration clips form one group with every input that has none.
          const cal = await extractFiles(opts.speakers.calibrate, opts.workers);
          const calVectors = cal.filter((v): v is Float32Array => v instanceof Float32Array);
          if (calVectors.length === 0) throw new Error("no calibration clip could be read");
          groups = groups.map((g) => g ?? "calibration");
          vectors = [...vectors, ...calVectors];
          groups = [...groups, ...calVectors.map(() => "calibration")];
        }
      }
      const preds = predictMany(vectors, groups).slice(0, okIdx.length);
      const byIdx = new Map(okIdx.map((i, k) => [i, withLength(preds[k], feats.lengths[i])]));
      const rows: BatchRow[] = files.map((file, i) => {
        const p = byIdx.get(i);
        return p ? { file, error: null, ...p } : { file, error: feats[i] as string };
      });
      for (const m of missing) rows.push({ file: m, error: `${m}: no such file, folder or matching files` });
      return rows;
    },
  };
}

/**
 * Everything the seed's audio-analysis chart (12) needs for one clip: the analysed signal, its dB spectrogram relative
 * to the maximum (`amplitude_to_db(|STFT|, ref=max)`, floored at −80 dB), 40 MFCCs, and the prediction, with the true
 * label when the file name carries one (mapped through the model's label set). With `predictor` null there is no
 * prediction (for exploring a corpus).
 *
 * @example
 * const chart = audioAnalysisChart(await audioAnalysisData(predictor, "dataset/Savee/DC_n13.wav"));
 */
export async function audioAnalysisData(
  predictor: Predictor | null,
  input: PredictInput,
  options: { note?: string } = {},
): Promise<AudioAnalysisData> {
  let audio: LoadedAudio, prediction: Prediction | null = null;
  if (predictor) ({ audio, prediction } = await predictor.analyse(input));
  else if (typeof input === "string" || input instanceof Uint8Array) {
    audio = await loadAudio(input, { sampleRate: 22050, duration: 3 });
  } else throw new RangeError("without a predictor, pass a path or WAV bytes");
  // One power spectrogram feeds both panels: dB re max (20 log10 |X| = 10 log10 |X|²) and the MFCCs (via mel).
  const power = spectrogram(audio.y, { nFft: 2048, hopLength: 512, power: 2 });
  let max = 0;
  for (const v of power.data) max = Math.max(max, v);
  const db = power.data.map((v) => Math.max(-80, 10 * Math.log10(Math.max(v, 1e-20) / Math.max(max, 1e-20))));
  const name = typeof input === "string" ? input.split(/[\\/]/).pop()! : "samples";
  let trueLabel: string | null = typeof input === "string" ? labelFromFileName(input) : null;
  const labelSet = predictor?.metadata.label_set;
  if (trueLabel && labelSet) {
    const v = applyLabelSet(trueLabel, { merge: labelSet.merge, labels: labelSet.labels ?? undefined });
    trueLabel = v.ok ? v.label : null;
  }
  return {
    clip: name,
    y: audio.y,
    sampleRate: audio.sampleRate,
    spectrogramDb: { rows: power.rows, cols: power.cols, data: db },
    mfcc: mfccOf(power, audio.sampleRate, { nMfcc: 40 }),
    hopLength: 512,
    probabilities: prediction?.probabilities,
    predicted: prediction?.emotion,
    trueLabel,
    note: options.note,
  };
}
