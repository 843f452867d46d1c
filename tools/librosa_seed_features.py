"""The bench's librosa anchor: the seed notebook's 195 features per file, timed, in one Python process.

Usage: PYTHONPATH=<librosa 0.10.2 source>:<soxr shim> /usr/bin/python3 librosa_seed_features.py LIST.txt

LIST.txt holds one audio path per line. Every file is processed twice: the first pass is cold (new to the process,
as `deno task features` meets a corpus), the second warm. Prints one JSON object:
{"librosa": version, "cold_ms": [...], "warm_ms": [...], "failed": n}.

Debian's audioread 2.1.9 starts an ffmpeg probe on every librosa.load (~90 ms); audioread 3, which a pip install of
the seed's requirements brings, caches it. The probe is cached here too, so the anchor is what a seed user measures.
"""
import json
import sys
import time
import warnings

import numpy as np
import audioread
import librosa

warnings.filterwarnings("ignore")
_BACKENDS = audioread.available_backends()
audioread.available_backends = lambda *args, **kwargs: _BACKENDS


def seed_features(path):
    """The seed's extract_features(): means over frames of its seven librosa features, 3 s at 22050 Hz."""
    y, sr = librosa.load(path, sr=22050, duration=3)
    parts = [
        librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40).mean(axis=1),
        librosa.feature.chroma_stft(y=y, sr=sr).mean(axis=1),
        librosa.feature.melspectrogram(y=y, sr=sr).mean(axis=1),
        librosa.feature.spectral_contrast(y=y, sr=sr).mean(axis=1),
        librosa.feature.tonnetz(y=y, sr=sr).mean(axis=1),
        [librosa.feature.zero_crossing_rate(y).mean()],
        [librosa.feature.spectral_rolloff(y=y, sr=sr).mean()],
    ]
    return np.concatenate([np.ravel(p) for p in parts])


def timed_pass(paths):
    times, failed = [], 0
    for p in paths:
        t = time.perf_counter()
        try:
            seed_features(p)
        except Exception:  # the seed skips files that fail; so does the timing
            failed += 1
            continue
        times.append(1000 * (time.perf_counter() - t))
    return times, failed


def main():
    paths = [line.strip() for line in open(sys.argv[1]) if line.strip()]
    cold, failed = timed_pass(paths)
    warm, _ = timed_pass(paths)
    print(json.dumps({"librosa": librosa.__version__, "cold_ms": cold, "warm_ms": warm, "failed": failed}))


if __name__ == "__main__":
    main()
