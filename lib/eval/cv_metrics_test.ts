import assert from "node:assert/strict";
import { foldScores, meanSd, sumMatrices } from "./cv_metrics.ts";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

Deno.test("foldScores() gives WA, UA and macro F1 of hand-worked confusion matrices", async (t) => {
  await t.step("balanced two-class case", () => {
    // class 0: 8 right, 2 wrong; class 1: 5 right, 5 wrong.
    const s = foldScores([[8, 2], [5, 5]]);
    close(s.wa, 13 / 20, "WA");
    close(s.ua, (0.8 + 0.5) / 2, "UA");
    // precision 8/13 and 5/7; F1 = 2pr/(p+r).
    const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
    close(s.macroF1, (f1(8 / 13, 0.8) + f1(5 / 7, 0.5)) / 2, "F1");
    assert.equal(s.n, 20);
  });
  await t.step("imbalance separates WA from UA", () => {
    // 90 clips of class 0 all right, 10 of class 1 all called class 0: WA 0.9, UA 0.5.
    const s = foldScores([[90, 0], [10, 0]]);
    close(s.wa, 0.9, "WA");
    close(s.ua, 0.5, "UA");
    close(s.macroF1, (2 * (0.9 * 1) / 1.9 + 0) / 2, "F1");
  });
  await t.step("a class absent from the fold does not count in UA or F1", () => {
    const s = foldScores([[3, 1, 0], [0, 4, 0], [0, 0, 0]]);
    close(s.ua, (0.75 + 1) / 2, "UA");
  });
});

Deno.test("meanSd() uses the sample standard deviation; sumMatrices() adds element-wise", () => {
  const m = meanSd([0.6, 0.7, 0.8]);
  close(m.mean, 0.7, "mean");
  close(m.sd, 0.1, "sd");
  assert.deepEqual(meanSd([0.5]), { mean: 0.5, sd: 0 });
  assert.deepEqual(sumMatrices([[[1, 2], [3, 4]], [[10, 0], [0, 10]]]), [[11, 2], [3, 14]]);
});
