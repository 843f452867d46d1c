/**
 * The emotion labels used across corpora.
 *
 * @module
 */

/** The seed's eight classes, in its (alphabetical) label-encoder order. */
export const SEED_EMOTIONS = ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"] as const;

/** An emotion label. `boredom` comes only from EMO-DB, and only when asked for. */
export type Emotion = typeof SEED_EMOTIONS[number] | "boredom";

/** Corpora the discovery recognises. */
export type CorpusName = "RAVDESS" | "CREMA-D" | "TESS" | "SAVEE" | "EMO-DB";

/** Speaker gender as the corpus documents it. */
export type Gender = "male" | "female" | "unknown";
