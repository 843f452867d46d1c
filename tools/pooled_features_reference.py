"""librosa 0.10.2 references for the pooled features (lib/features/pooled_features.ts), delta and trim.

The pooled features as librosa computes them: each clip loaded at 16 kHz (soxr_hq, up to 20 s), trimmed at 40 dB,
then the |STFT| (n_fft 512, hop 160), 64 Slaney mel bands in dB, 20 MFCCs (DCT-II ortho of the dB mel), their deltas
(width 9, orders 1 and 2), log RMS, ZCR, spectral centroid and contrast (5 bands), each row's mean, population std,
10th/90th percentile (numpy, linear) and slope over the clip mapped to [-1, 1]; YIN F0 (60-500 Hz, frame 1024) on
frames whose RMS is over a tenth of the loudest, and jitter/shimmer across consecutive voiced frames.

Also librosa.feature.delta on a fixed matrix and librosa.effects.trim on fixture clips padded with silence.

Usage (see ../shared/librosa-reference/README.md):
  PYTHONPATH=/tmp/ref:/tmp/ref/shim /usr/bin/python3 -W ignore tools/pooled_features_reference.py OUT.json CLIP...
"""
import json
import sys

import librosa
import numpy as np
import scipy.fftpack

SR, N_FFT, HOP = 16000, 512, 160


def pool(m):
    T = m.shape[1]
    tau = np.linspace(-1, 1, T) if T > 1 else np.zeros(1)
    tt = float((tau ** 2).sum())
    out = [m.mean(axis=1), m.std(axis=1), np.percentile(m, 10, axis=1), np.percentile(m, 90, axis=1),
           (m * tau).sum(axis=1) / tt if tt > 0 else np.zeros(m.shape[0])]
    return out


def pooled(path):
    y, _ = librosa.load(path, sr=SR, duration=20)
    x, _ = librosa.effects.trim(y, top_db=40)
    if len(x) < 2048:
        x = np.concatenate([x, np.zeros(2048 - len(x), dtype=x.dtype)])
    mag = np.abs(librosa.stft(x, n_fft=N_FFT, hop_length=HOP)).astype(np.float64)
    mel = librosa.feature.melspectrogram(S=mag ** 2, sr=SR, n_fft=N_FFT, n_mels=64)
    logmel = librosa.power_to_db(mel)
    mf = scipy.fftpack.dct(logmel, axis=0, type=2, norm="ortho")[:20]
    rms = librosa.feature.rms(S=mag, frame_length=N_FFT)[0]
    zcr = librosa.feature.zero_crossing_rate(x, frame_length=N_FFT, hop_length=HOP)[0]
    T = mag.shape[1]
    blocks = [mf, librosa.feature.delta(mf, order=1), librosa.feature.delta(mf, order=2), logmel,
              np.log(rms + 1e-6)[None, :T], zcr[None, :T],
              librosa.feature.spectral_centroid(S=mag, sr=SR, n_fft=N_FFT)[:, :T],
              librosa.feature.spectral_contrast(S=mag, sr=SR, n_fft=N_FFT, n_bands=5)]
    stats = [pool(b.astype(np.float64)) for b in blocks]
    out = [np.concatenate([s[k] for s in stats]) for k in range(5)]
    out = list(np.concatenate(out))
    f0 = librosa.yin(x, fmin=60, fmax=500, sr=SR, frame_length=1024, hop_length=HOP)
    nf = min(len(f0), T)
    voiced = (rms[:nf] > 0.1 * rms.max()) & (f0[:nf] > 61) & (f0[:nf] < 499)
    lf = np.log(f0[:nf][voiced])
    out += [lf.mean(), lf.std(), np.percentile(lf, 10), np.percentile(lf, 90)] if len(lf) > 1 else [0, 0, 0, 0]
    out += [voiced.sum() / nf, len(x) / SR]
    both = voiced[1:] & voiced[:-1]
    jit = np.abs(np.diff(np.log(f0[:nf])))[both]
    shim = np.abs(np.diff(np.log(rms[:nf] + 1e-6)))[both]
    seg = int((voiced[1:] & ~voiced[:-1]).sum())
    med = lambda v: float(np.percentile(v, 50)) if len(v) else 0.0
    out += [jit.mean() if len(jit) else 0, med(jit), shim.mean() if len(shim) else 0, med(shim), seg / (nf / 100)]
    return [float(v) for v in out]


def main():
    out, clips = sys.argv[1], sys.argv[2:]
    ref = {"librosa": librosa.__version__, "pooled": {}, "trim": {}}
    for c in clips:
        name = c.split("/")[-1]
        ref["pooled"][name] = pooled(c)
        y, sr = librosa.load(c, sr=None, duration=3)
        padded = np.concatenate([np.zeros(sr // 2, np.float32), y, np.zeros(sr, np.float32)])
        ref["trim"][name] = {str(db): [int(i) for i in librosa.effects.trim(padded, top_db=db)[1]] for db in (30, 60)}
    # delta on a fixed matrix: x[r, t] = sin(0.3 t (r + 1)) + 0.01 t^2 (r - 1)
    r, t = np.meshgrid(np.arange(3), np.arange(40), indexing="ij")
    m = np.sin(0.3 * t * (r + 1)) + 0.01 * t ** 2 * (r - 1)
    ref["delta"] = {f"{w}_{o}": librosa.feature.delta(m, width=w, order=o).tolist() for w in (5, 9) for o in (1, 2)}
    json.dump(ref, open(out, "w"))


main()
