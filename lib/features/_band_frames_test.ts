import assert from "node:assert/strict";
import { forEachBandFrame } from "./_band_frames.ts";
import { stft } from "./stft.ts";

function noiseWithSilence(n: number): Float32Array {
  let s = 12345;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    y[i] = i > n * 0.45 && i < n * 0.7 ? 0 : (s / 2 ** 31 - 0.5) * (i < n / 3 ? 1 : 1e-4);
  }
  return y;
}

Deno.test("forEachBandFrame() gives the STFT's bins for every hop, and exact zeros for digitally silent frames", () => {
  const y = noiseWithSilence(8000), nFft = 1024, lo = 91, hi = 203;
  for (const [hopLength, method] of [[8, "auto"], [16, "slide"], [64, "slide"], [128, "fft"], [512, "auto"]] as const) {
    const D = stft(y, { nFft, hopLength, window: "ones" });
    let frames = 0, worst = 0, silent = 0;
    forEachBandFrame(y, { nFft, hopLength, lo, hi, method }, (t, re, im) => {
      frames++;
      let peak = 0, err = 0, allZero = true;
      for (let f = lo; f <= hi; f++) {
        const r = D.re[f * D.cols + t], i = D.im[f * D.cols + t];
        peak = Math.max(peak, Math.hypot(r, i));
        err = Math.max(err, Math.hypot(re[f - lo] - r, im[f - lo] - i));
        if (re[f - lo] !== 0 || im[f - lo] !== 0) allZero = false;
      }
      if (peak === 0) {
        assert.ok(allZero, `hop ${hopLength}, frame ${t}: silent frame must be exactly zero`);
        silent++;
      } else worst = Math.max(worst, err / peak);
    });
    assert.equal(frames, D.cols);
    assert.ok(silent > 0, "the fixture has silent frames");
    // librosa computes the CQT in float32 (resolution 6e-8); the recursion must stay well inside that.
    assert.ok(worst < 1e-8, `hop ${hopLength}: relative error ${worst}`);
  }
});
