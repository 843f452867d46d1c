/**
 * `deno task bench`: print the project's speed figures. Never part of the tests.
 *
 *   deno task bench [--only audio,...] [--reps N]
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { audioDecoders, loadAudio, loadAudioBytes, resamplerInfo } from "$lib/audio/mod.ts";
import {
  chromaCqt,
  chromaStft,
  cqt,
  extractFeatures,
  FEATURE_CONFIG,
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
import { realFft } from "$lib/features/_fft.ts";
import { SimdSpectrum } from "$lib/features/_simd.ts";
import { forEachFrame, stftShape } from "$lib/features/stft.ts";
import { discoverCorpus, extractCorpus, writeDemoCorpus } from "$lib/data/mod.ts";
import {
  buildSeedMlp,
  initBackend,
  type ModelMetadata,
  saveArtifacts,
  trainModel,
  withSeededRandom,
} from "$lib/model/mod.ts";
import { loadPredictor } from "$lib/pipeline/mod.ts";
import { parseFlags } from "./_args.ts";

const { values } = parseFlags({
  options: {
    only: { type: "string" },
    reps: { type: "string", default: "200" },
    clips: { type: "string", default: "160" },
  },
}, "usage: deno task bench [--only audio,features,extract,train,predict,parity] [--reps N] [--clips N]");
const only = values.only?.split(",");
const reps = Number(values.reps);
const want = (name: string) => !only || only.includes(name);
const fixtures = new URL("../tests/fixtures/", import.meta.url);

/** Median and best of `reps` timed runs after `warm` untimed ones, in ms. */
function time(fn: () => unknown, n = reps, warm = 20): { median: number; best: number } {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(n / 2)], best: t[0] };
}

const row = (label: string, r: { median: number; best: number }, unit = "ms") =>
  console.log(
    `${label.padEnd(58)} ${r.median.toFixed(3).padStart(9)} ${unit} median  ${
      r.best.toFixed(3).padStart(9)
    } ${unit} best`,
  );

const decoders = await audioDecoders();
console.log(
  `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, resampler ${resamplerInfo().name} (${resamplerInfo().detail}), ` +
    `decoders: ${decoders.libsndfile ?? "no libsndfile"}, ffmpeg ${decoders.ffmpeg ?? "not on PATH"}`,
);

if (want("audio")) {
  console.log("\n## Audio loading: 3 s of a 48 kHz int32 clip → 22050 Hz mono (decode + mix + resample)");
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
  row("loadAudioBytes(duration 3, libsoxr HQ)", time(() => loadAudioBytes(bytes, { duration: 3 })));
  row("  decode + mix only (native rate)", time(() => loadAudioBytes(bytes, { duration: 3, sampleRate: null })));
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

if (want("features")) {
  console.log("\n## Feature extraction: the seed's 195 features of a 3 s clip at 22050 Hz, one thread");
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
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
  row("extractFeatures() total (librosa 0.10.2: ~70 ms)", total);
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

if (want("extract")) {
  const n = Number(values.clips);
  console.log(`\n## Corpus extraction: ${n} demo clips (16–48 kHz, 1.5–4 s), no cache, worker pool`);
  const root = await Deno.makeTempDir({ prefix: "ser-bench-" });
  await writeDemoCorpus(root, { limit: n });
  const d = await discoverCorpus(root);
  const rates: number[] = [];
  for (const workers of [1, 2]) {
    const t = await extractCorpus(root, d.entries, { workers, cacheDir: null, quiet: true });
    const rate = t.paths.length / t.stats.seconds;
    rates.push(rate);
    console.log(
      `  ${workers} worker${workers > 1 ? "s" : " "}  ${rate.toFixed(1).padStart(7)} clips/s  (${
        t.stats.seconds.toFixed(2)
      } s, includes worker start-up)`,
    );
  }
  console.log(`  speed-up with 2 workers: ${(rates[1] / rates[0]).toFixed(2)}×`);
  await Deno.remove(root, { recursive: true });
}

if (want("train")) {
  console.log("\n## Training: the seed MLP on 7,981 × 195 synthetic rows, batch 32, Adam, 1,710 validation rows");
  const backend = await initBackend();
  const n = 7981, nv = 1710, dim = 195;
  let a = 12345;
  const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const make = (rows: number) => {
    const x = Float32Array.from({ length: rows * dim }, () => r() * 2 - 1);
    const y = Int32Array.from({ length: rows }, (_, i) => Math.min(7, Math.floor(((x[i * dim] + 1) / 2) * 8)));
    return { x, y };
  };
  const train = make(n), val = make(nv);
  const epochs = 4;
  const res = await withSeededRandom(1, () => trainModel(buildSeedMlp(), train, val, { epochs, patience: 100 }));
  const secs = res.history.slice(1).map((h) => h.seconds).sort((x, y) => x - y);
  const median = secs[Math.floor(secs.length / 2)];
  console.log(
    `  tfjs ${backend.tfjs} ${backend.name}${backend.simd ? " SIMD" : ""}: ${
      res.history.map((h) => h.seconds.toFixed(2)).join(", ")
    } s per epoch → median ${median.toFixed(2)} s/epoch (after the first)`,
  );
  const torch = await torchEpochSeconds();
  if (torch === null) {
    console.log("  PyTorch: not installed (Debian: apt-get install python3-torch) — no ratio printed");
  } else {console.log(
      `  PyTorch (1 thread, same MLP and batch): ${torch.toFixed(2)} s/epoch → tfjs-wasm is ${
        (median / torch).toFixed(1)
      }× PyTorch`,
    );}
}

/** The same MLP and recipe in PyTorch on one thread, when Debian's python3-torch is installed. */
async function torchEpochSeconds(): Promise<number | null> {
  const script = `
import time, torch, torch.nn as nn
torch.set_num_threads(1); torch.manual_seed(0)
n, nv, d = 7981, 1710, 195
x = torch.rand(n, d) * 2 - 1; y = torch.clamp(((x[:, 0] + 1) / 2 * 8).long(), max=7)
layers, w = [], d
for units, rate in [(512, .3), (256, .3), (128, .3), (64, .2)]:
    layers += [nn.Linear(w, units), nn.ReLU(), nn.Dropout(rate), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01)]; w = units
model = nn.Sequential(*layers, nn.Linear(w, 8))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7); loss_fn = nn.CrossEntropyLoss()
xv = torch.rand(nv, d) * 2 - 1
times = []
for epoch in range(4):
    t = time.perf_counter(); model.train(); perm = torch.randperm(n)
    for s in range(0, n, 32):
        idx = perm[s:s + 32]; opt.zero_grad(); loss = loss_fn(model(x[idx]), y[idx]); loss.backward(); opt.step()
    model.eval()
    with torch.no_grad(): model(xv)
    times.append(time.perf_counter() - t)
times = sorted(times[1:]); print(times[len(times) // 2])
`;
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", script],
      stdout: "piped",
      stderr: "piped",
      env: { OMP_NUM_THREADS: "1" },
    }).output();
    if (out.code !== 0) return null;
    return Number(new TextDecoder().decode(out.stdout).trim());
  } catch {
    return null;
  }
}

if (want("predict")) {
  console.log("\n## Prediction: decode + resample + 195 features + MLP for one 3 s 48 kHz clip; batch throughput");
  await initBackend();
  const dir = await Deno.makeTempDir({ prefix: "ser-bench-" });
  const labels = ["angry", "calm", "disgust", "fear", "happy", "neutral", "sad", "surprise"];
  await saveArtifacts(dir, {
    model: await withSeededRandom(1, () => buildSeedMlp()),
    scaler: { mean: new Array(195).fill(0), scale: new Array(195).fill(1) },
    labels,
    metadata: { feature_config: FEATURE_CONFIG } as unknown as ModelMetadata,
  });
  const predictor = await loadPredictor(dir);
  const bytes = await Deno.readFile(new URL("audio/speech_48000_s32.wav", fixtures));
  for (let i = 0; i < 20; i++) await predictor.predict(bytes);
  const t: number[] = [];
  for (let i = 0; i < 60; i++) {
    const s = performance.now();
    await predictor.predict(bytes);
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  console.log(
    `  warm single-file latency   ${t[30].toFixed(2)} ms median, ${t[0].toFixed(2)} ms best (target ≤ 10 ms)`,
  );
  const root = await Deno.makeTempDir({ prefix: "ser-bench-" });
  await writeDemoCorpus(root, { limit: Number(values.clips) });
  for (const workers of [1, 2]) {
    const s = performance.now();
    const rows = await predictor.predictBatch([root], { workers });
    const secs = (performance.now() - s) / 1000;
    console.log(
      `  batch, ${workers} worker${workers > 1 ? "s" : " "}           ${
        (rows.length / secs).toFixed(1)
      } clips/s (${rows.length} demo clips, ${secs.toFixed(2)} s incl. worker start-up)`,
    );
  }
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(root, { recursive: true });
}

if (want("parity")) {
  console.log(
    "\n## Parity with librosa 0.10.2 (tests/fixtures/librosa): worst z = |ours − librosa| / seed feature scale",
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
