/**
 * Stable live output: what a person watching a live timeline should see, from window-by-window predictions.
 *
 * - The shown probabilities are the mean of the last `span` voiced windows' (the raw ones stay available).
 * - The shown label changes only on evidence: a new emotion must lead the smoothed probabilities for `hold` voiced
 *   windows in a row and beat the shown one by `margin`; below `floor` the label is `uncertain`.
 * - Gender is decided over the session's voiced windows (the mean probability), not per window, and is `uncertain`
 *   until `genderWindows` voiced windows agree clearly enough.
 *
 * Pure and synchronous: the server's stream and the on-device page run the same code.
 *
 * @module
 */

/** Options of {@linkcode LiveSmoother}; every field has a default. */
export interface LiveSmootherOptions {
  /** Voiced windows averaged. Default 4. */
  span?: number;
  /** Voiced windows a new emotion must lead in a row before it is shown. Default 2. */
  hold?: number;
  /** How much the new emotion must beat the shown one by (probability). Default 0.1. */
  margin?: number;
  /**
   * Below this smoothed probability the label is `uncertain`. Default 1.25 × chance and at least 0.25:
   * `max(0.25, 1.25 / classes.length)`, so 0.25 for 7 classes and 0.42 for 3. On one-emotion recordings of six
   * held-out RAVDESS actors (42, 7 classes), a floor of 0.4 hid 27 % of the voiced windows as `uncertain`, mostly
   * right windows of the less confident classes, and the shown labels' majority was right for 22 recordings; with
   * 0.25, 1 % uncertain and 24 right.
   */
  floor?: number;
  /** Voiced windows before a gender is shown. Default 3. */
  genderWindows?: number;
  /** How far from 0.5 the mean gender probability must be to be shown. Default 0.15. */
  genderMargin?: number;
}

/** One window's prediction, as it comes. */
export interface LiveWindow {
  voiced: boolean;
  /** Class probabilities (voiced windows). */
  probabilities?: Record<string, number>;
  /** Probability of each gender class (voiced windows, when the model has a gender head). */
  gender?: Record<string, number>;
}

/** What to show after a window. */
export interface LiveView {
  /** The shown label: an emotion, `uncertain`, or `silence` before any voiced window. */
  label: string;
  /** The smoothed probability of the shown label (0 for silence). */
  confidence: number;
  /** The smoothed probabilities (empty before any voiced window). */
  probabilities: Record<string, number>;
  /** True when the shown label changed with this window. */
  changed: boolean;
  /** The session's gender, once decided (`uncertain` before). */
  gender: { label: string; confidence: number; windows: number } | null;
}

/**
 * Smooth a live sequence of window predictions into a stable view.
 *
 * @example
 * const s = new LiveSmoother(["angry", "sad"]);
 * s.push({ voiced: true, probabilities: { angry: 0.9, sad: 0.1 } }).label; // "angry" once it has held
 */
export class LiveSmoother {
  readonly options: Required<LiveSmootherOptions>;
  readonly #recent: Record<string, number>[] = [];
  #shown = "silence";
  #challenger: string | null = null;
  #challenges = 0;
  readonly #gender = new Map<string, number>();
  #genderWindows = 0;

  constructor(readonly classes: readonly string[], options: LiveSmootherOptions = {}) {
    this.options = {
      span: options.span ?? 4,
      hold: options.hold ?? 2,
      margin: options.margin ?? 0.1,
      floor: options.floor ?? Math.max(0.25, 1.25 / Math.max(1, classes.length)),
      genderWindows: options.genderWindows ?? 3,
      genderMargin: options.genderMargin ?? 0.15,
    };
  }

  /** The mean of the recent voiced windows' probabilities. */
  #smoothed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.classes) out[c] = this.#recent.reduce((s, p) => s + (p[c] ?? 0), 0) / this.#recent.length;
    return out;
  }

  /** The session's gender: the mean probability over voiced windows, once there are enough and it is clear. */
  #genderView(): LiveView["gender"] {
    if (this.#genderWindows === 0) return null;
    const mean = [...this.#gender].map(([k, v]) => [k, v / this.#genderWindows] as const).sort((a, b) => b[1] - a[1]);
    const clear = this.#genderWindows >= this.options.genderWindows && mean[0][1] >= 0.5 + this.options.genderMargin;
    return { label: clear ? mean[0][0] : "uncertain", confidence: mean[0][1], windows: this.#genderWindows };
  }

  /** Take one window; returns what to show now. */
  push(w: LiveWindow): LiveView {
    if (!w.voiced || !w.probabilities) {
      const probabilities = this.#recent.length ? this.#smoothed() : {};
      return {
        label: this.#shown,
        confidence: probabilities[this.#shown] ?? 0,
        probabilities,
        changed: false,
        gender: this.#genderView(),
      };
    }
    this.#recent.push(w.probabilities);
    if (this.#recent.length > this.options.span) this.#recent.shift();
    for (const [k, v] of Object.entries(w.gender ?? {})) this.#gender.set(k, (this.#gender.get(k) ?? 0) + v);
    if (w.gender) this.#genderWindows++;
    const p = this.#smoothed();
    const top = this.classes.reduce((a, b) => (p[b] > p[a] ? b : a), this.classes[0]);
    const before = this.#shown;
    if (p[top] < this.options.floor) {
      this.#shown = "uncertain";
      this.#challenger = null;
    } else if (top !== this.#shown) {
      this.#challenges = top === this.#challenger ? this.#challenges + 1 : 1;
      this.#challenger = top;
      const current = p[this.#shown] ?? 0;
      // From silence or uncertainty the first clear emotion shows at once; an emotion shown yields only on evidence.
      const settled = this.#shown === "silence" || this.#shown === "uncertain";
      if (settled || (this.#challenges >= this.options.hold && p[top] >= current + this.options.margin)) {
        this.#shown = top;
        this.#challenger = null;
      }
    } else this.#challenger = null;
    const shownP = p[this.#shown] ?? p[top];
    return {
      label: this.#shown,
      confidence: shownP,
      probabilities: p,
      changed: this.#shown !== before,
      gender: this.#genderView(),
    };
  }
}
