/**
 * The server's model: the predictor (and the best checkpoint, when there is one) and the feature worker pool, loaded
 * once in the background; what `/readyz` and `/v1/model` report about them — never a server path.
 *
 * @module
 */
import { audioDecoders } from "../audio/audio_reader.ts";
import { colorOf, EMOTION_COLORS } from "../charts/palette.ts";
import { ExtractionPool } from "../data/extraction_pool.ts";
import { USE_MODES } from "../model/mod.ts";
import { loadPredictor, type Predictor } from "../predict/mod.ts";
import { HttpError } from "./_http.ts";
import type { ServerLimits } from "./limits.ts";

/** A loaded model, ready to serve. */
export interface Ready {
  predictor: Predictor;
  best: Predictor | null;
  pool: ExtractionPool;
}

/** The model and pool, loading or loaded, and how many decodes are in flight. */
export class ModelState {
  #ready: Ready | null = null;
  #error: string | null = null;
  /** Decodes in flight (the routes count them against the concurrency limit). */
  inFlight = 0;
  /** Live streams open. */
  streams = 0;
  /** Resolves when loading has finished (or failed: see {@linkcode ModelState.require}). */
  readonly loaded: Promise<void>;

  constructor(artifactsDir: string, workers: number | undefined, log: (line: string) => void) {
    this.loaded = (async () => {
      try {
        const predictor = await loadPredictor(artifactsDir);
        const best = await loadPredictor(artifactsDir, { which: "best" }).catch(() => null);
        this.#ready = { predictor, best, pool: new ExtractionPool(predictor.featureSet.name, { workers }) };
      } catch (e) {
        // The full reason (with paths) goes to the log only; clients learn that there is no usable model.
        log(`serve: no model loaded — ${(e as Error).message}`);
        this.#error =
          "no usable model in the server's artifacts folder (the server log says why); train one and restart";
      }
    })();
  }

  /** Whether the model is loaded. */
  get ready(): boolean {
    return this.#ready !== null;
  }

  /**
   * The loaded model.
   *
   * @throws {HttpError} 503 `not_ready` while loading or when loading failed.
   */
  require(): Ready {
    if (this.#ready) return this.#ready;
    throw new HttpError(503, "not_ready", this.#error ?? "the model is still loading", { "retry-after": "1" });
  }

  /** `GET /readyz`'s body and status. */
  readiness(): { body: unknown; status: number } {
    if (this.#ready) return { body: { ready: true, model_family: this.#ready.predictor.family.name }, status: 200 };
    return {
      body: { error: { code: "not_ready", message: this.#error ?? "the model is still loading" } },
      status: 503,
    };
  }

  /** `GET /v1/model`: classes and their colours, family, modes, features, metrics, decoders, limits. */
  async info(limits: ServerLimits): Promise<Record<string, unknown>> {
    const { predictor: p, best } = this.require();
    const m = p.metadata;
    return {
      classes: p.classes,
      // The charts' colour for each class (fixed for the emotions, name-hashed for custom labels), for the page.
      colors: Object.fromEntries(p.classes.map((c) => [c, colorOf(EMOTION_COLORS, c)])),
      model_family: p.family.name,
      origin: m.origin ?? "trained here",
      architecture: m.architecture,
      feature_set: p.featureSet.name,
      feature_dim: p.featureSet.count,
      feature_config: m.feature_config,
      modes: Object.fromEntries(p.modes.map((mode) => [mode, USE_MODES[mode].summary])),
      enrolment: m.enrolment ?? null,
      gender: m.gender_classes ?? null,
      metrics: { test_accuracy: m.test_accuracy, test_loss: m.test_loss, samples: m.samples, split: m.split },
      data: { kind: m.data_source.kind, corpora: m.data_source.corpora },
      synthetic: p.synthetic,
      label_set: m.label_set ?? null,
      best_checkpoint: best !== null,
      decoders: await audioDecoders().then((d) => ({ libsndfile: d.libsndfile, ffmpeg: d.ffmpeg })),
      limits,
    };
  }

  /** Stop the worker pool. */
  close(): void {
    this.#ready?.pool.close();
  }
}
