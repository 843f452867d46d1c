/**
 * The training callbacks of the seed's recipe as small state machines over per-epoch metrics, independent of tfjs
 * so that their behaviour can be tested on scripted loss sequences. Semantics follow Keras.
 *
 * @module
 */

/**
 * Keras `EarlyStopping(monitor="val_loss", patience, restore_best_weights=True)`: stop when the monitored value has
 * not improved (decreased by more than `minDelta`) for `patience` epochs; remember the best epoch.
 *
 * @example
 * const es = new EarlyStopping({ patience: 15 });
 * if (es.update(epoch, valLoss).stop) restore(es.bestEpoch);
 */
export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  best = Infinity;
  bestEpoch = -1;
  wait = 0;

  constructor(options: { patience?: number; minDelta?: number } = {}) {
    this.patience = options.patience ?? 15;
    this.minDelta = options.minDelta ?? 0;
  }

  /** Record an epoch's value. `improved` when it is the new best; `stop` when patience has run out. */
  update(epoch: number, value: number): { improved: boolean; stop: boolean } {
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return { improved: true, stop: false };
    }
    this.wait++;
    return { improved: false, stop: this.wait >= this.patience };
  }
}

/**
 * Keras `ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=5, min_lr=1e-7)`: after `patience` epochs without
 * improvement, multiply the learning rate by `factor` (not below `minLr`) and wait again; `cooldown` epochs after a
 * reduction are not counted (Keras default 0). Improvement means a decrease by more than `minDelta` (Keras 1e-4).
 *
 * @example
 * const plateau = new ReduceLrOnPlateau({ factor: 0.5, patience: 5, minLr: 1e-7 });
 * lr = plateau.update(valLoss, lr);
 */
export class ReduceLrOnPlateau {
  readonly factor: number;
  readonly patience: number;
  readonly minLr: number;
  readonly minDelta: number;
  best = Infinity;
  wait = 0;

  constructor(options: { factor?: number; patience?: number; minLr?: number; minDelta?: number } = {}) {
    this.factor = options.factor ?? 0.5;
    this.patience = options.patience ?? 5;
    this.minLr = options.minLr ?? 1e-7;
    this.minDelta = options.minDelta ?? 1e-4;
  }

  /** Record an epoch's value; returns the learning rate to use next. */
  update(value: number, lr: number): number {
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.wait = 0;
      return lr;
    }
    this.wait++;
    if (this.wait >= this.patience && lr > this.minLr) {
      this.wait = 0;
      return Math.max(lr * this.factor, this.minLr);
    }
    return lr;
  }
}

/**
 * Keras `ModelCheckpoint(monitor="val_accuracy", save_best_only=True, mode="max")`: true when the value beats every
 * earlier one, so the caller saves a checkpoint.
 *
 * @example
 * if (best.update(valAccuracy)) await save("artifacts/best");
 */
export class BestCheckpoint {
  best = -Infinity;
  bestEpoch = -1;

  /** Record an epoch's value; true when it is a new maximum. */
  update(value: number, epoch = this.bestEpoch + 1): boolean {
    if (value > this.best) {
      this.best = value;
      this.bestEpoch = epoch;
      return true;
    }
    return false;
  }
}
