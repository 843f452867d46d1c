/**
 * What the browser tests share: Debian's Chromium, whether it is installed, and the flags that keep a headless run
 * quiet and offline.
 *
 * @module
 */

/** Debian's Chromium, driven through playwright-core (no browser download). */
export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is installed; the browser tests are skipped otherwise, except in CI where they must run. */
export const haveChromium: boolean = await Deno.stat(CHROMIUM).then(() => true, () => false);

/** Headless flags: no sandbox (containers), no GPU, no background network or updates. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium's fake microphone playing `wav` (WAV, looped), with the permission prompt answered yes. */
export function fakeMicrophoneArgs(wav: string): string[] {
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`,
  ];
}
