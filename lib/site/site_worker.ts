/**
 * The on-device page's worker (bundled to `site_worker.js`): the model, the features and the live analysis, off the
 * page's main thread, with nothing sent anywhere. It answers the engine's messages (`engine_local.ts`):
 *
 * - `{kind:"info"}` → the model's classes, colours, family, modes, gender, synthetic warning;
 * - `{kind:"clip", samples, rate, enrolment?}` → one recording's prediction (samples already decoded and at the
 *   model's rate);
 * - `{kind:"live", sampleRate, purpose, enrolment?}`, then `{kind:"pcm", pcm}` chunks, then `{kind:"stop"}` → the same
 *   window, dropped, enrol_progress, enrolment and drained messages the server's stream sends (`LiveMessage`).
 *
 * @module
 */
import { colorOf, EMOTION_COLORS } from "../charts/palette.ts";
import { FEATURE_SETS, featuresOfSamples } from "../features/feature_sets.ts";
import {
  type Enrolment,
  enrolmentFromJson,
  enrolmentOf,
  enrolmentToJson,
  initBrowserBackend,
  loadArtifacts,
  setArtifactReader,
  syntheticWarning,
  type TrainedModel,
  USE_MODE_NAMES,
  USE_MODES,
  type UseModeName,
} from "../model/mod.ts";
import { toPrediction } from "../predict/browser.ts";
import { LiveAnalyser } from "../segment/live_analyser.ts";
import type { LiveMessage } from "../segment/live_messages.ts";
import { VoiceActivityDetector } from "../segment/vad.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
  location: { href: string };
};

setArtifactReader({
  text: async (url) => await (await fetch(url)).text(),
  bytes: async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()),
});

const ready: Promise<TrainedModel> = (async () => {
  await initBrowserBackend();
  // The VAD's WebAssembly is fetched now, with the model, so nothing is requested once the page is ready.
  (await VoiceActivityDetector.create(16000)).close();
  return await loadArtifacts(new URL("../model", scope.location.href).href);
})();

/** Predict feature vectors in a mode, with the gender head, as `predict` does. */
function predictVectors(
  t: TrainedModel,
  rows: Float32Array[],
  mode: UseModeName,
  enrolment: Enrolment | null,
  groups?: string[],
) {
  const f = t.fitted, dim = rows[0].length, K = t.labels.length;
  const x = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => x.set(r, i * dim));
  const context = mode === "enrolled"
    ? { enrolments: rows.map(() => enrolment) }
    : mode === "transductive"
    ? { groups }
    : {};
  const p = f.family.predict(f, x, mode, context);
  const g = f.family.predictGender(f, x);
  return rows.map((_, i) => {
    const gender = g && f.gender ? { probabilities: g.subarray(2 * i, 2 * i + 2), classes: f.gender.classes } : null;
    return toPrediction(t.labels, p.probabilities.subarray(i * K, (i + 1) * K), gender, p.modeUsed[i]);
  });
}

function info(t: TrainedModel) {
  const m = t.metadata;
  return {
    classes: t.labels,
    colors: Object.fromEntries(t.labels.map((c) => [c, colorOf(EMOTION_COLORS, c)])),
    model_family: t.fitted.family.name,
    feature_set: t.fitted.family.featureSet,
    modes: Object.fromEntries(USE_MODE_NAMES.filter((k) => t.fitted.modes[k]).map((k) => [k, USE_MODES[k].summary])),
    gender: m.gender_classes ?? null,
    synthetic: syntheticWarning(m),
    read_seconds: FEATURE_SETS[t.fitted.family.featureSet].duration,
  };
}

let live: LiveAnalyser | null = null;

/** A live message to the page. */
function post(message: LiveMessage): void {
  scope.postMessage({ kind: "live", message });
}

/** A live session over the model: the server's stream messages, posted back to the page. */
async function startLive(
  t: TrainedModel,
  d: { sampleRate: number; purpose: "predict" | "enrol"; enrolment?: unknown },
) {
  const set = FEATURE_SETS[t.fitted.family.featureSet];
  const enrolment = d.enrolment ? enrolmentFromJson(d.enrolment, set.name, set.count) : null;
  const mode: UseModeName = enrolment ? "enrolled" : "global";
  live?.close();
  live = await LiveAnalyser.create({
    sampleRate: d.sampleRate,
    window: 3,
    hop: d.purpose === "enrol" ? 1.5 : 0.5,
    purpose: d.purpose,
    enrolSeconds: 10,
    classes: t.labels,
    features: (samples, rate) => Promise.resolve(featuresOfSamples(set, samples, rate)),
    predict: (features) => predictVectors(t, [features], mode, enrolment)[0],
    emit: (m) => {
      if (m.type !== "collected") return post(m);
      const e = enrolmentOf(set.name, m.vectors, m.seconds);
      post({ type: "enrolment", enrolment: enrolmentToJson(e), voiced_seconds: m.seconds });
    },
  });
  post({ type: "ready", purpose: d.purpose, mode, hop: d.purpose === "enrol" ? 1.5 : 0.5 });
}

scope.onmessage = async (e: MessageEvent) => {
  const d = e.data;
  try {
    const t = await ready;
    const set = FEATURE_SETS[t.fitted.family.featureSet];
    if (d.kind === "info") return scope.postMessage({ kind: "info", id: d.id, info: info(t) });
    if (d.kind === "clip") {
      // The file at its own rate: the model's window of it, resampled as predict does (featuresOfSamples).
      const enrolment = d.enrolment ? enrolmentFromJson(d.enrolment, set.name, set.count) : null;
      const features = featuresOfSamples(set, d.samples as Float32Array, d.rate as number);
      const [p] = predictVectors(t, [features], enrolment ? "enrolled" : "global", enrolment);
      return scope.postMessage({ kind: "clip", id: d.id, result: { ...p, duration_s: d.samples.length / d.rate } });
    }
    if (d.kind === "live") return await startLive(t, d);
    if (d.kind === "pcm") {
      const pcm = new Int16Array(d.pcm);
      return live?.push(Float32Array.from(pcm, (v) => v / 32768));
    }
    if (d.kind === "stop" && live) {
      const session = live, counts = await session.drain();
      session.close();
      return post({ type: "drained", ...counts });
    }
  } catch (err) {
    scope.postMessage({ kind: "error", id: d.id, message: (err as Error).message });
  }
};
