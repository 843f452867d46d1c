/**
 * The data behind the seed's audio-analysis chart (12) for one clip: waveform, spectrogram, MFCCs and the prediction.
 *
 * @module
 */
import { loadAudio, type LoadedAudio } from "../audio/load_audio.ts";
import { applyLabelSet } from "../data/mod.ts";
import { labelFromFileName } from "../data/discover_corpus.ts";
import type { AudioAnalysisData } from "../charts/audio_analysis_chart.ts";
import { mfcc as mfccOf, spectrogram } from "../features/mod.ts";
import type { Prediction } from "./prediction.ts";
import type { PredictInput, Predictor } from "./predictor.ts";

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
