import cliProgress from "cli-progress";
import process from "node:process";

/** A progress bar on stderr. */
export interface Progress {
  /** Advance by `n` items (default 1). */
  tick(n?: number): void;
  /** Finish the bar and print a final line. */
  stop(): void;
}

/**
 * A progress bar with count, rate and ETA on stderr (cli-progress). On a terminal it redraws in place; in a pipe
 * or CI log it prints a line every 5 s. `quiet` gives a bar that prints nothing.
 *
 * @param total Number of items.
 * @param label What is being done, e.g. `"extract"`.
 * @example
 * const bar = progressBar(files.length, "extract");
 * for (const f of files) { work(f); bar.tick(); }
 * bar.stop();
 */
export function progressBar(total: number, label: string, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet || total === 0) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    format: `${label.padEnd(9)} |{bar}| {value}/{total} {percentage}% · {rate}/s · ETA {eta_formatted}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    etaBuffer: 50,
    hideCursor: false,
  }, cliProgress.Presets.shades_classic);
  const start = performance.now();
  let done = 0;
  bar.start(total, 0, { rate: "0" });
  return {
    tick(n = 1) {
      done += n;
      const rate = done / ((performance.now() - start) / 1000);
      bar.update(done, { rate: rate >= 100 ? rate.toFixed(0) : rate.toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
