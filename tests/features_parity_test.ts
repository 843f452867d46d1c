import assert from "node:assert/strict";
import { loadAudio } from "$lib/audio/mod.ts";
import {
  chromaCqt,
  chromaStft,
  cqt,
  extractFeatures,
  FEATURE_GROUPS,
  FEATURE_NAMES,
  magnitude,
  type Matrix,
  melSpectrogram,
  mfcc,
  spectralContrast,
  spectralRolloff,
  stft,
  tonnetz,
  zeroCrossingRate,
} from "$lib/features/mod.ts";
import { fixture, librosaFeatures, readF32 } from "./support/fixtures.ts";

const scale: number[] = JSON.parse(Deno.readTextFileSync(fixture("librosa", "feature_scale.json"))).scale;
const groupOf = FEATURE_GROUPS.flatMap((g) => Array<string>(g.size).fill(g.name));

/** Largest z = |ours − librosa| / scale per feature group. */
function zByGroup(ours: Float32Array, ref: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < ours.length; i++) {
    const z = Math.abs(ours[i] - ref[i]) / scale[i];
    out[groupOf[i]] = Math.max(out[groupOf[i]] ?? 0, z);
  }
  return out;
}

const references = librosaFeatures();
const native = Object.keys(references).filter((n) => n.includes("_22050_"));
const resampled = Object.keys(references).filter((n) => !n.includes("_22050_"));

Deno.test("extractFeatures() matches librosa on native 22050 Hz clips: z ≤ 0.01 (tonnetz ≤ 0.05)", async (t) => {
  assert.equal(native.length, 9);
  for (const name of native) {
    await t.step(name, async () => {
      const { y, sampleRate } = await loadAudio(fixture("audio", name), { duration: 3 });
      const f = extractFeatures(y, sampleRate);
      assert.equal(f.length, 195);
      assert.ok(f.every(Number.isFinite), "no NaN or infinity");
      for (const [group, z] of Object.entries(zByGroup(f, references[name].features))) {
        assert.ok(z <= (group === "tonnetz" ? 0.05 : 0.01), `${group}: z = ${z}`);
      }
    });
  }
});

Deno.test("extractFeatures() matches librosa on clips resampled through libsoxr: z ≤ 0.02 (contrast ≤ 0.05)", async (t) => {
  assert.equal(resampled.length, 7);
  for (const name of resampled) {
    await t.step(name, async () => {
      const { y, sampleRate, resampler } = await loadAudio(fixture("audio", name), { duration: 3 });
      assert.equal(resampler, "soxr_hq");
      const f = extractFeatures(y, sampleRate);
      for (const [group, z] of Object.entries(zByGroup(f, references[name].features))) {
        assert.ok(z <= (group === "contrast" ? 0.05 : 0.02), `${group}: z = ${z}`);
      }
    });
  }
});

Deno.test("edge clips give librosa's values and never NaN", async (t) => {
  await t.step(
    "digital zeros: MFCC c0 = −100·√128 = −1131.37, other coefficients 0, chroma/tonnetz/contrast 0",
    async () => {
      const { y } = await loadAudio(fixture("audio", "zeros_22050_s16.wav"), { duration: 3 });
      const f = extractFeatures(y);
      assert.ok(Math.abs(f[0] - -100 * Math.sqrt(128)) < 1e-3);
      for (let i = 1; i < 40; i++) assert.ok(Math.abs(f[i]) < 1e-3, FEATURE_NAMES[i]);
      for (let i = 40; i < 195; i++) assert.equal(f[i], 0, FEATURE_NAMES[i]);
    },
  );
  for (
    const name of [
      "tiny_22050_s16.wav",
      "short_yes_22050_s16.wav",
      "noise_22050_s16.wav",
      "sweep_22050_s16.wav",
      "chord_22050_s16.wav",
      "silence_22050_s16.wav",
    ]
  ) {
    await t.step(`${name}: every value finite and within z ≤ 0.01 of librosa`, async () => {
      const { y } = await loadAudio(fixture("audio", name), { duration: 3 });
      const f = extractFeatures(y);
      assert.ok(f.every(Number.isFinite));
      const z = Math.max(...Object.values(zByGroup(f, references[name].features)));
      assert.ok(z <= 0.01, `max z ${z}`);
    });
  }
});

/** ‖ours − ref‖_F / ‖ref‖_F over the common frames. */
function relFrobenius(ours: Matrix, ref: Float32Array, shape: number[]): number {
  const [rows, cols] = shape;
  assert.equal(ours.rows, rows, "rows");
  assert.equal(ours.cols, cols, "frames");
  let num = 0, den = 0;
  for (let i = 0; i < rows * cols; i++) {
    num += (ours.data[i] - ref[i]) ** 2;
    den += ref[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

for (const clip of ["speech_22050_s16", "short_yes_22050_s16", "speech_48000_s32"]) {
  Deno.test(`intermediate arrays match librosa's for ${clip}`, async (t) => {
    const index: Record<string, number[]> = JSON.parse(Deno.readTextFileSync(fixture("librosa", clip, "index.json")));
    const ref = (name: string) => readF32(fixture("librosa", clip, `${name}.f32`));
    const { y, sampleRate: sr } = await loadAudio(fixture("audio", `${clip}.wav`), { duration: 3 });
    const check = (name: string, ours: Matrix, limit: number) =>
      t.step(`${name} ≤ ${limit}`, () => {
        const e = relFrobenius(ours, ref(name), index[name]);
        assert.ok(e <= limit, `${name}: relative Frobenius error ${e}`);
      });
    const mag = magnitude(stft(y));
    await check("stft_mag", mag, 1e-4);
    await check("mel_power", melSpectrogram(y, sr), 1e-4);
    await check("mfcc", mfcc(y, sr, { nMfcc: 40 }), 1e-4);
    await check("chroma_stft", chromaStft(y, sr), 1e-3);
    await check("spectral_contrast", spectralContrast(y, sr), 1e-3);
    // librosa.cqt defaults to tuning 0 (chroma_cqt estimates it); the fixture was made with that default.
    await check("cqt_mag", magnitude(cqt(y, sr, { nBins: 252, binsPerOctave: 36 })), 1e-3);
    await check("chroma_cqt", chromaCqt(y, sr), 1e-3);
    await check("tonnetz", tonnetz(y, sr), 1e-2);
    await check("zcr", zeroCrossingRate(y), 1e-4);
    await check("rolloff", spectralRolloff(y, sr), 1e-4);
  });
}
