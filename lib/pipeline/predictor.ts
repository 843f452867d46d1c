/**
 * Prediction: load trained artifacts once, then predict emotions for one recording or thousands. Wires the audio,
 * feature and model stages exactly as training does (3 s at 22050 Hz, the seed's 195 features, the train-set
 * scaler).
 *
 * @example
 * import { loadPredictor } from "$lib/pipeline/mod.ts";
 * const predictor = await loadPredictor("artifacts");
 * const { emotion, confidence } = await predictor.predict("clip.wav");
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { loadAudio, type LoadedAudio } from "../audio/load_audio.ts";
import { resample } from "../audio/resample.ts";
import { listAudioFiles } from "../data/list_audio_files.ts";
import { labelFromFileName } from "../data/discover_corpus.ts";
import type { AudioAnalysisData } from "../charts/audio_analysis_chart.ts";
import { mfcc as mfccOf, spectrogram } from "../features/mod.ts";
import { runExtractionPool } from "../data/extract_corpus.ts";
import { extractFeatures, FEATURE_CONFIG, FEATURE_COUNT } from "../features/extract_features.ts";
import { applyScaler, type Artifacts, initBackend, loadArtifacts, type ModelMetadata } from "../model/mod.ts";

/** One prediction. */
export interface Prediction {
  /** The most probable class. */
  emotion: string;
  /** Its probability, 0–1. */
  confidence: number;
  /** Probability of every class, in label order. */
  probabilities: Record<string, number>;
}

/** Audio to predict: a WAV path, WAV bytes, or raw samples with their rate. */
export type PredictInput = string | Uint8Array | { y: Float32Array; sampleRate: number };

/** A row of a batch prediction: a file and its prediction, or the reason it failed. */
export type BatchRow = { file: string; error: null } & Prediction | { file: string; error: string };

/** A loaded model with everything needed to go from audio to emotions. */
export interface Predictor {
  /** Class names in the model's output order. */
  readonly classes: string[];
  /** The run's metadata (data source, test accuracy, …). */
  readonly metadata: ModelMetadata;
  /**
   * Predict one recording. Paths and bytes are loaded as in training (`loadAudio` with 3 s at 22050 Hz); raw samples
   * are cut to their first 3 s and resampled the same way.
   *
   * @throws {AudioDecodeError | AudioValueError} If the audio cannot be read; {RangeError} if samples lack a rate.
   */
  predict(input: PredictInput): Promise<Prediction>;
  /** Predict from a feature vector (195 values, unscaled). */
  predictFeatures(features: Float32Array): Prediction;
  /**
   * Predict files, folders and globs in parallel (one worker per core by default). Files that fail become rows with
   * their error; the batch goes on.
   */
  predictBatch(
    inputs: readonly string[],
    options?: { workers?: number; onProgress?: (done: number, total: number) => void },
  ): Promise<BatchRow[]>;
  /** Load audio and return it with its features and prediction (for the audio-analysis chart). */
  analyse(input: PredictInput): Promise<{ audio: LoadedAudio; features: Float32Array; prediction: Prediction }>;
}

/**
 * Load and validate artifacts written by `deno task train` and return a predictor.
 *
 * @param artifactsDir Folder with `model/`, `scaler.json`, `labels.json`, `model_metadata.json`. Default `artifacts`.
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
  const toPrediction = (p: ArrayLike<number>): Prediction => {
    let best = 0;
    for (let c = 1; c < classes.length; c++) if (p[c] > p[best]) best = c;
    return {
      emotion: classes[best],
      confidence: p[best],
      probabilities: Object.fromEntries(classes.map((c, i) => [c, p[i]])),
    };
  };
  /** Predict many scaled rows at once. */
  const run = (rows: Float32Array[]): Prediction[] => {
    if (rows.length === 0) return [];
    const x = new Float32Array(rows.length * FEATURE_COUNT);
    rows.forEach((r, i) => x.set(r, i * FEATURE_COUNT));
    const xs = tf.tensor2d(applyScaler(a.scaler, x), [rows.length, FEATURE_COUNT]);
    const out = a.model.predict(xs) as tf.Tensor;
    const p = out.dataSync();
    tf.dispose([xs, out]);
    return rows.map((_, i) => toPrediction(p.subarray(i * classes.length, (i + 1) * classes.length)));
  };
  const load = async (input: PredictInput): Promise<LoadedAudio> => {
    if (typeof input === "string" || input instanceof Uint8Array) {
      return await loadAudio(input, { sampleRate: FEATURE_CONFIG.sampleRate, duration: FEATURE_CONFIG.duration });
    }
    if (!(input.y instanceof Float32Array) || !(input.sampleRate > 0)) {
      throw new RangeError("raw samples need { y: Float32Array, sampleRate: Hz > 0 }");
    }
    const window = input.y.subarray(0, Math.trunc(FEATURE_CONFIG.duration * input.sampleRate));
    const r = input.sampleRate === FEATURE_CONFIG.sampleRate
      ? { y: window, resampler: null }
      : resample(window, { origSr: input.sampleRate, targetSr: FEATURE_CONFIG.sampleRate });
    return {
      y: r.y,
      channelData: [r.y],
      sampleRate: FEATURE_CONFIG.sampleRate,
      nativeSampleRate: input.sampleRate,
      nativeChannels: 1,
      resampler: r.resampler,
      warnings: [],
      source: "<samples>",
      container: "samples",
      decoder: null,
    };
  };
  return {
    classes,
    metadata: a.metadata,
    async predict(input) {
      const audio = await load(input);
      return run([extractFeatures(audio.y, audio.sampleRate)])[0];
    },
    predictFeatures(features) {
      if (features.length !== FEATURE_COUNT) {
        throw new RangeError(`expected ${FEATURE_COUNT} features, got ${features.length}`);
      }
      return run([features])[0];
    },
    async analyse(input) {
      const audio = await load(input);
      const features = extractFeatures(audio.y, audio.sampleRate);
      return { audio, features, prediction: run([features])[0] };
    },
    async predictBatch(inputs, opts = {}) {
      const { files, missing } = await listAudioFiles(inputs);
      const feats = new Array<Float32Array | string>(files.length);
      let done = 0;
      await runExtractionPool(files.map((path, id) => ({ id, path })), {
        workers: opts.workers,
        onResult: (id, r) => {
          feats[id] = r;
          opts.onProgress?.(++done, files.length);
        },
      });
      const okIdx = files.map((_, i) => i).filter((i) => feats[i] instanceof Float32Array);
      const preds = run(okIdx.map((i) => feats[i] as Float32Array));
      const byIdx = new Map(okIdx.map((i, k) => [i, preds[k]]));
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
 * label when the file name carries one. With `predictor` null there is no prediction (for exploring a corpus).
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
    audio = await loadAudio(input, { sampleRate: FEATURE_CONFIG.sampleRate, duration: FEATURE_CONFIG.duration });
  } else throw new RangeError("without a predictor, pass a path or WAV bytes");
  // One power spectrogram feeds both panels: dB re max (20 log10 |X| = 10 log10 |X|²) and the MFCCs (via mel).
  const power = spectrogram(audio.y, { nFft: 2048, hopLength: 512, power: 2 });
  let max = 0;
  for (const v of power.data) max = Math.max(max, v);
  const db = power.data.map((v) => Math.max(-80, 10 * Math.log10(Math.max(v, 1e-20) / Math.max(max, 1e-20))));
  const name = typeof input === "string" ? input.split(/[\\/]/).pop()! : "samples";
  return {
    clip: name,
    y: audio.y,
    sampleRate: audio.sampleRate,
    spectrogramDb: { rows: power.rows, cols: power.cols, data: db },
    mfcc: mfccOf(power, audio.sampleRate, { nMfcc: 40 }),
    hopLength: 512,
    probabilities: prediction?.probabilities,
    predicted: prediction?.emotion,
    trueLabel: typeof input === "string" ? labelFromFileName(input) : null,
    note: options.note,
  };
}
