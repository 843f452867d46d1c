"""Reference computation for lib/eval/bootstrap.ts, in numpy, on fixed data: writes the data and the results.

The speaker bootstrap of UA and the paired comparison, with the same resamples (mulberry32 from the seed, speaker
floor(u * S) for each of S draws, B times, speakers in order of first appearance) and numpy's percentiles.

Usage: /usr/bin/python3 tools/bootstrap_reference.py tests/fixtures/bootstrap_reference.json
"""
import json
import sys

import numpy as np


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def rng():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rng


def ua(truth, pred, k):
    rec = [np.mean(pred[truth == c] == c) for c in range(k) if np.any(truth == c)]
    return float(np.mean(rec))


def resamples(speakers, b, seed):
    order = list(dict.fromkeys(speakers))
    rng = mulberry32(seed)
    return order, [[int(rng() * len(order)) for _ in order] for _ in range(b)]


def boot(speakers, truth, preds, k, b, seed):
    order, draws = resamples(speakers, b, seed)
    idx = {s: np.where(np.array(speakers) == s)[0] for s in order}
    out = []
    for d in draws:
        rows = np.concatenate([idx[order[s]] for s in d])
        out.append([ua(truth[rows], p[rows], k) for p in preds])
    return np.array(out)


def main():
    rng = np.random.default_rng(7)
    k, speakers, truth, a, bb = 4, [], [], [], []
    for s in range(12):
        skill = rng.uniform(0.3, 0.8)
        for _ in range(int(rng.integers(8, 30))):
            t = int(rng.integers(0, k))
            speakers.append(f"spk{s:02d}")
            truth.append(t)
            a.append(t if rng.uniform() < skill else int(rng.integers(0, k)))
            bb.append(t if rng.uniform() < skill + 0.08 else int(rng.integers(0, k)))
    truth, a, bb = np.array(truth), np.array(a), np.array(bb)
    r = boot(speakers, truth, [a, bb], k, 1000, 42)
    d = r[:, 1] - r[:, 0]
    below, above = int(np.sum(d <= 0)), int(np.sum(d >= 0))
    out = {
        "classes": k,
        "clips": [{"speaker": s, "truth": int(t), "a": int(x), "b": int(y)} for s, t, x, y in zip(speakers, truth, a, bb)],
        "ua_a": {"estimate": ua(truth, a, k), "low": float(np.percentile(r[:, 0], 2.5)),
                 "high": float(np.percentile(r[:, 0], 97.5))},
        "paired": {"a": ua(truth, a, k), "b": ua(truth, bb, k), "estimate": ua(truth, bb, k) - ua(truth, a, k),
                   "low": float(np.percentile(d, 2.5)), "high": float(np.percentile(d, 97.5)),
                   "p": min(1.0, 2 * (min(below, above) + 1) / (len(d) + 1))},
    }
    json.dump(out, open(sys.argv[1], "w"), indent=1)


main()
