/**
 * Private: the audio, feature and parity sections of `deno task bench`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { loadAudio, loadAudioBytes } from "$lib/audio/mod.ts";
import {
  chromaCqt,
  chromaStft,
  cqt,
  extractFeatures,
  FEATURE_GROUPS,
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
import { realFft } from "$lib/features/fft.ts";
import { SimdSpectrum } from "$lib/features/simd.ts";
import { forEachFrame, stftShape } from "$lib/features/stft.ts";
import {
  benchClips,
  type BenchContext,
  DENO,
  FIXTURES as fixtures,
  librosaPython,
  ROOT,
  row,
  runMeasured,
  time,
  versus,
} from "./_measure.ts";

/** Decoding and resampling one 3 s clip, per container. */
export async function benchAudio(ctx: BenchContext): Promise<void> {
  const reps = ctx.reps;

  console.log("  3 s of a 48 kHz int32 clip:");
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
  row("loadAudioBytes(duration 3, libsoxr HQ)", time(() => loadAudioBytes(bytes, { duration: 3 }), reps));
  row("  decode + mix only (native rate)", time(() => loadAudioBytes(bytes, { duration: 3, sampleRate: null }), reps));
  row(
    "loadAudioBytes(duration 3, TypeScript sinc fallback)",
    time(() => loadAudioBytes(bytes, { duration: 3, resType: "sinc_kaiser" }), 20, 2),
  );
  console.log(
    "  Other containers (fixtures, first 3 s → 22050 Hz mono; libsndfile from memory, ffmpeg as a subprocess):",
  );
  for (const name of ["speech_44100_s16.flac", "speech_44100.mp3", "speech_48000.opus", "speech_16000.ogg"]) {
    const b = await Deno.readFile(new URL(`formats/${name}`, fixtures));
    const a = loadAudioBytes(b, { duration: 3 });
    const secs = (a.y.length / 22050).toFixed(2);
    row(
      `    ${name} (${a.container} ${secs} s, libsndfile) decode + resample`,
      time(() => loadAudioBytes(b, { duration: 3 }), 100, 10),
    );
  }
  for (const name of ["speech_44100_aac.m4a", "speech_48000_opus.webm"]) {
    const path = fileURLToPath(new URL(`formats/${name}`, fixtures));
    await loadAudio(path, { duration: 3 });
    const t: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      await loadAudio(path, { duration: 3 });
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    row(`    ${name} (ffmpeg subprocess) decode + resample`, { median: t[5], best: t[0] });
  }
}

/** The seed's 195 features of one 3 s clip, warm, by group; the CQT and STFT kernels against their references. */
export function benchFeatures(ctx: BenchContext): void {
  const reps = ctx.reps;
  const bytes = Deno.readFileSync(new URL("audio/speech_48000_s32.wav", fixtures));

  const { y } = loadAudioBytes(bytes, { duration: 3 });
  for (let i = 0; i < 20; i++) extractFeatures(y);
  const n = Math.max(20, Math.floor(reps / 4));
  const timings: Record<string, number> = {};
  const total = time(() => extractFeatures(y, 22050, { timings }), n, 0);
  const groups = ["stft", ...FEATURE_GROUPS.map((g) => g.name)];
  for (const g of groups) {
    const ms = (timings[g] ?? 0) / n;
    console.log(`  ${g.padEnd(10)} ${ms.toFixed(3).padStart(8)} ms  ${"█".repeat(Math.round(ms * 4))}`);
  }
  row("extractFeatures() total (librosa: see the cold/warm section)", total);
  ctx.shared.featuresWarmMs = total.median;
  console.log("  stft = the shared n_fft 2048 STFT; chroma includes its tuning estimate; tonnetz includes the CQT");
  console.log("  The CQT behind tonnetz (252 bins, 36 per octave, 7 octaves of 1,024-point frames), by arithmetic:");
  const cq = { nBins: 252, binsPerOctave: 36, tuning: 0 };
  row("    float32, WebAssembly SIMD, 4 frames per vector (default)", time(() => cqt(y, 22050, cq), n));
  row(
    "    float64, JavaScript (reference)",
    time(() => cqt(y, 22050, { ...cq, precision: "float64" }), n),
  );
  console.log("  The shared STFT (2048-point periodic Hann, hop 512) to frame-major power and magnitude, float64:");
  const { frames: nFrames, bins: nBins } = stftShape(y.length, { nFft: 2048, hopLength: 512 });
  row(
    "    WebAssembly SIMD, 2 frames per vector (default)",
    time(() => SimdSpectrum.open(y, { nFft: 2048, hopLength: 512, frames: nFrames }).close(), n),
  );
  row(
    "    JavaScript FFT, same bits",
    time(() => {
      const p = new Float64Array(nFrames * nBins), g = new Float64Array(nFrames * nBins);
      forEachFrame(y, { nFft: 2048, hopLength: 512 }, (t, re, im) => {
        for (let f = 0, at = t * nBins; f < nBins; f++, at++) {
          const v = re[f] * re[f] + im[f] * im[f];
          p[at] = v;
          g[at] = Math.sqrt(v);
        }
      });
    }, n),
  );
  console.log("  FFTs (own radix-2² real FFT in JavaScript, float64), per frame:");
  for (const size of [2048, 1024]) {
    const plan = realFft(size), re = new Float64Array(size / 2 + 1), im = new Float64Array(size / 2 + 1);
    const frames = Math.floor((y.length - size) / 512);
    const r = time(() => {
      for (let t = 0; t < frames; t++) plan.forward(y, re, im, t * 512);
    }, n);
    row(`    real FFT ${size}`, { median: (r.median / frames) * 1000, best: (r.best / frames) * 1000 }, "µs");
  }
}

/**
 * Cold and warm features over ≥ 100 clips new to a fresh process (real speech with `--real`), ours and librosa's from
 * the same list in the same run: decode + resample + the 195 features, one thread each. "Marginal" is the mean per
 * clip after the first 10 (process start and compilation excluded, for both).
 */
export async function benchCold(ctx: BenchContext): Promise<void> {
  const n = Math.max(100, Math.min(ctx.clips, 400));
  const { files, what, temp } = await benchClips(ctx, n);
  console.log(`  ${what}`);
  const list = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(list, files.join("\n") + "\n");
  const ours = await runMeasured(DENO, [
    "run",
    "--allow-read",
    "--allow-ffi",
    "--allow-env",
    "--config",
    `${ROOT}deno.json`,
    `${ROOT}cli/_bench_cold_features.ts`,
    list,
  ]);
  if (ours.code !== 0) throw new Error(`cold-features child failed: ${ours.stderr.slice(-400)}`);
  const o = JSON.parse(ours.stdout) as { cold_ms: number[]; warm_ms: number[] };
  const marginal = (ms: number[]) => mean(ms.slice(10));
  const py = await librosaPython(ctx);
  let lr: { cold_ms: number[]; warm_ms: number[]; librosa: string } | null = null;
  if (py && !py.reason) {
    const r = await runMeasured("/usr/bin/python3", ["-W", "ignore", `${ROOT}tools/librosa_seed_features.py`, list], {
      env: py.env,
    });
    if (r.code === 0) lr = JSON.parse(r.stdout.trim().split("\n").pop()!);
    else console.log(`  librosa run failed: ${r.stderr.trim().split("\n").pop()}`);
  } else console.log(`  librosa: ${py?.reason ?? "not configured (--librosa DIR or SER_LIBROSA)"} — no ratios`);
  const name = lr ? `librosa ${lr.librosa}` : "";
  versus("cold marginal, ms/clip", marginal(o.cold_ms), lr ? { name, value: marginal(lr.cold_ms) } : null, {
    unit: "ms",
    target: "≥ 20× faster",
  });
  versus("warm (second pass), ms/clip", mean(o.warm_ms), lr ? { name, value: mean(lr.warm_ms) } : null, {
    unit: "ms",
  });
  console.log(
    `  ours: first clip ${o.cold_ms[0].toFixed(0)} ms (compilation), median cold ${median(o.cold_ms).toFixed(2)} ms, ` +
      `process ${ours.seconds.toFixed(2)} s for both passes` +
      (lr ? `; librosa first clip ${lr.cold_ms[0].toFixed(0)} ms` : ""),
  );
  console.log(
    "  the warm figures include decoding and resampling; the features-only warm figure is above (target ≤ 4 ms)",
  );
  ctx.shared.coldMarginalMs = marginal(o.cold_ms);
  if (lr) ctx.shared.librosaWarmMs = mean(lr.warm_ms);
  await Deno.remove(list);
  if (temp) await Deno.remove(temp, { recursive: true });
}

function mean(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
}

function median(a: readonly number[]): number {
  return [...a].sort((x, y) => x - y)[a.length >> 1];
}

/** Parity with librosa 0.10.2 on the stored references. */
export async function benchParity(): Promise<void> {
  console.log(
    "  worst z = |ours − librosa| / seed feature scale",
  );
  const feats = JSON.parse(await Deno.readTextFile(new URL("librosa/features.json", fixtures))).files as Record<
    string,
    { features: number[] }
  >;
  const scale: number[] = JSON.parse(await Deno.readTextFile(new URL("librosa/feature_scale.json", fixtures))).scale;
  const groupOf = FEATURE_GROUPS.flatMap((g) => Array<string>(g.size).fill(g.name));
  for (
    const [label, filter] of [["native 22050 Hz clips", (n: string) => n.includes("_22050_")], [
      "clips resampled by libsoxr",
      (n: string) => !n.includes("_22050_"),
    ]] as const
  ) {
    const worst: Record<string, number> = {};
    for (const [name, ref] of Object.entries(feats).filter(([n]) => filter(n))) {
      const { y } = loadAudioBytes(await Deno.readFile(new URL(`audio/${name}`, fixtures)), { duration: 3 });
      const f = extractFeatures(y);
      f.forEach((
        v,
        i,
      ) => (worst[groupOf[i]] = Math.max(worst[groupOf[i]] ?? 0, Math.abs(v - ref.features[i]) / scale[i])));
    }
    console.log(
      `  ${label.padEnd(28)} ${Object.entries(worst).map(([g, z]) => `${g} ${z.toExponential(1)}`).join(" · ")}`,
    );
  }
  console.log("  intermediates, relative Frobenius error:");
  for (const clip of ["speech_22050_s16", "short_yes_22050_s16", "speech_48000_s32"]) {
    const index: Record<string, number[]> = JSON.parse(
      await Deno.readTextFile(new URL(`librosa/${clip}/index.json`, fixtures)),
    );
    const { y } = loadAudioBytes(await Deno.readFile(new URL(`audio/${clip}.wav`, fixtures)), { duration: 3 });
    const ours: Record<string, Matrix> = {
      stft_mag: magnitude(stft(y)),
      mel_power: melSpectrogram(y, 22050),
      mfcc: mfcc(y, 22050, { nMfcc: 40 }),
      chroma_stft: chromaStft(y, 22050),
      spectral_contrast: spectralContrast(y, 22050),
      cqt_mag: magnitude(cqt(y, 22050, { nBins: 252, binsPerOctave: 36 })),
      chroma_cqt: chromaCqt(y, 22050),
      tonnetz: tonnetz(y, 22050),
      zcr: zeroCrossingRate(y),
      rolloff: spectralRolloff(y, 22050),
    };
    const errs = Object.entries(ours).map(([k, m]) => {
      const b = readF32(new URL(`librosa/${clip}/${k}.f32`, fixtures));
      let num = 0, den = 0;
      for (let i = 0; i < index[k][0] * index[k][1]; i++) {
        num += (m.data[i] - b[i]) ** 2;
        den += b[i] ** 2;
      }
      return `${k} ${Math.sqrt(num / den).toExponential(1)}`;
    });
    console.log(`    ${clip.padEnd(20)} ${errs.join(" · ")}`);
  }
}

function readF32(url: URL): Float32Array {
  const b = Deno.readFileSync(url);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}
