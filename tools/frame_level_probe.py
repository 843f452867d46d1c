"""Frame-level probe for issue 29: is a model over log-mel frames better on the worst held-out corpus than the pooled
descriptors? Leave-one-corpus-out UA over the corpora of `tools/log_mel_frames.ts`'s output, by hand in numpy (no deep
learning framework can be installed here besides tfjs, and this is a screen before building a family).

Network (an x-vector-like TDNN): each frame with ±2 neighbours (5 × 64 log-mel) → Dense H (ReLU) → Dense H (ReLU) →
mean and standard deviation over the clip's frames → Dense H (ReLU) → dropout 0.3 → softmax. Training: Adam 1e-3,
batches of 32 clips, each a random 2 s crop (100 frames) with SpecAugment (one band mask ≤ 8 bands, one time mask
≤ 10 frames); inputs standardised per band on the training corpora's frames (`--norm global`), or each clip's band
means removed first (`--norm cmn`, cepstral-mean-style, level-free). Testing: every clip whole.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/frame_level_probe.py PREFIX [--norm global|cmn] [--epochs 8]
       [--hidden 192] [--members 1]
Prints one JSON line: UA per held-out corpus, mean, sd, the worst corpus and the seconds taken.
"""
import argparse
import json
import sys
import time

import numpy as np

from _numpy_nets import Adam, relu, softmax, ua

ap = argparse.ArgumentParser()
ap.add_argument("prefix")
ap.add_argument("--norm", choices=["global", "cmn"], default="global")
ap.add_argument("--epochs", type=int, default=8)
ap.add_argument("--hidden", type=int, default=192)
ap.add_argument("--members", type=int, default=1)
args = ap.parse_args()
meta = json.load(open(args.prefix + ".json"))
raw = np.fromfile(args.prefix + ".bin", dtype=np.uint8)
LABELS = max(m["label"] for m in meta) + 1
clips = []; off = 0
for m in meta:
    T = int(np.frombuffer(raw[off:off+4].tobytes(), dtype=np.int32)[0]); off += 4
    clips.append(np.frombuffer(raw[off:off+4*64*T].tobytes(), dtype=np.float32).reshape(T, 64)); off += 4*64*T
C = np.array([m["corpus"] for m in meta]); Y = np.array([m["label"] for m in meta])
norm, epochs, H, members = args.norm, args.epochs, args.hidden, args.members
CROP = 100; CTX = 2
if norm == "cmn": clips = [c - c.mean(0, keepdims=True) for c in clips]

def ctx(x):  # [T,64] → [T, 64·(2·CTX+1)], edge frames repeated
    T = len(x); idx = np.clip(np.arange(T)[:, None] + np.arange(-CTX, CTX + 1)[None, :], 0, T - 1)
    return x[idx].reshape(T, -1)

def forward(P, xs, train, rng):
    W1, b1, W2, b2, W3, b3, W4, b4 = P
    lens = np.array([len(x) for x in xs]); starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    X = np.concatenate(xs); z1 = X @ W1 + b1; h1 = relu(z1); z2 = h1 @ W2 + b2; h2 = relu(z2)
    mu = np.add.reduceat(h2, starts, 0) / lens[:, None]
    seg = np.repeat(np.arange(len(xs)), lens); dev = h2 - mu[seg]
    sd = np.sqrt(np.add.reduceat(dev * dev, starts, 0) / lens[:, None] + 1e-5)
    pooled = np.concatenate([mu, sd], 1); z3 = pooled @ W3 + b3; h3 = relu(z3)
    mask = ((rng.random(h3.shape) >= 0.3) / 0.7).astype(np.float32) if train else 1
    h3d = h3 * mask; p = softmax(h3d @ W4 + b4)
    return p, (X, z1, h1, z2, lens, starts, seg, dev, mu, sd, pooled, z3, h3d, mask)

def backward(P, cache, p, y):
    W1, b1, W2, b2, W3, b3, W4, b4 = P
    X, z1, h1, z2, lens, starts, seg, dev, mu, sd, pooled, z3, h3d, mask = cache
    B = len(y); d4 = p.copy(); d4[np.arange(B), y] -= 1; d4 /= B
    gW4 = h3d.T @ d4; gb4 = d4.sum(0); dh3 = (d4 @ W4.T) * mask; dz3 = dh3 * (z3 > 0)
    gW3 = pooled.T @ dz3; gb3 = dz3.sum(0); dp = dz3 @ W3.T; Hh = mu.shape[1]
    dmu, dsd = dp[:, :Hh], dp[:, Hh:]
    dh2 = (dmu / lens[:, None])[seg] + dev * (dsd / (lens[:, None] * sd))[seg]
    dz2 = dh2 * (z2 > 0); gW2 = h1.T @ dz2; gb2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * (z1 > 0); gW1 = X.T @ dz1; gb1 = dz1.sum(0)
    return [gW1, gb1, gW2, gb2, gW3, gb3, gW4, gb4]

def augment(x, rng):  # random crop, one frequency mask (≤ 8 bands), one time mask (≤ 10 frames), after scaling
    if len(x) > CROP: s = rng.integers(0, len(x) - CROP + 1); x = x[s:s+CROP]
    x = x.copy(); f = rng.integers(0, 9); f0 = rng.integers(0, 64 - f + 1); x[:, f0:f0+f] = 0
    t = rng.integers(0, min(11, len(x))); t0 = rng.integers(0, len(x) - t + 1); x[t0:t0+t] = 0
    return x

def train(tr, mu, sd, seed):
    rng = np.random.default_rng(seed); D = 64 * (2 * CTX + 1)
    g = lambda a, b: (rng.uniform(-1, 1, (a, b)) * np.sqrt(6 / (a + b))).astype(np.float32)
    P = [g(D, H), np.zeros(H, np.float32), g(H, H), np.zeros(H, np.float32), g(2 * H, H), np.zeros(H, np.float32),
         g(H, LABELS), np.zeros(LABELS, np.float32)]
    opt = Adam(P)
    for ep in range(epochs):
        order = rng.permutation(tr); loss = 0
        for i in range(0, len(order), 32):
            j = order[i:i+32]
            xs = [ctx(augment((clips[k] - mu) / sd, rng)) for k in j]
            p, cache = forward(P, xs, True, rng)
            loss += -np.log(np.clip(p[np.arange(len(j)), Y[j]], 1e-7, 1)).sum()
            opt.step(backward(P, cache, p, Y[j]))
        print(f"  epoch {ep+1} loss {loss/len(order):.3f}", file=sys.stderr, flush=True)
    return P

res = {}; t0 = time.time()
for held in sorted(set(C)):
    tr = np.where(C != held)[0]; te = np.where(C == held)[0]
    allf = np.concatenate([clips[k] for k in tr]); mu = allf.mean(0); sd = allf.std(0) + 1e-5
    prob = 0
    for m in range(members):
        P = train(tr, mu, sd, 42 + 1000 * m)
        for i in range(0, len(te), 64):
            j = te[i:i+64]
            p, _ = forward(P, [ctx((clips[k] - mu) / sd) for k in j], False, None)
            if i == 0: out = np.zeros((len(te), LABELS), np.float32)
            out[i:i+len(j)] = p
        prob = prob + out
    res[held] = 100 * ua(Y[te], prob.argmax(1))
    print(held, round(res[held], 1), f"{time.time()-t0:.0f}s", file=sys.stderr, flush=True)
v = np.array(list(res.values())); w = min(res, key=res.get)
print(json.dumps({"norm": norm, "epochs": epochs, "H": H, "members": members, **{k: round(x, 1) for k, x in res.items()},
                  "mean": round(v.mean(), 1), "sd": round(v.std(ddof=1), 1), "worst": f"{w} {res[w]:.1f}", "seconds": round(time.time()-t0)}))
