"""Adversary screen for issue 29: does a gradient-reversed speaker or corpus head help one block of the pooled features
hold across corpora? Leave-one-corpus-out UA, by hand in numpy, before the real thing was built (`--adversary` in
`./ser cv`, `lib/model/engine/_adversary_head.ts`); the real family's figures are in docs/models.md.

Inputs: `./ser features DIR --feature-set pooled --out FEATURES.csv` and the `manifest.csv` of a `./ser cv` run on the
same folder (path, corpus, speaker, emotion). Network: Dense 512 (ReLU) → dropout 0.3 → softmax over the 7 labels; the
adversary Dense 128 (ReLU) → softmax over the training corpora or speakers on the hidden layer, its gradient reversed
with λ_p = λ · (2 / (1 + e^(−10p)) − 1); Adam 1e-3, batches of 32, 4 epochs; members seeded seed + 1000·m, averaged.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/adversary_probe.py FEATURES.csv MANIFEST.csv ROOT
       [--lam 0.3] [--members 5] [--adversary corpus|speaker] [--epochs 4] [--seed 42]
Prints one JSON line: UA per held-out corpus, mean, sd and the worst corpus.
"""
import argparse
import csv
import json
import sys
import time

import numpy as np

from _numpy_nets import Adam, relu, softmax, ua

ap = argparse.ArgumentParser()
ap.add_argument("features")
ap.add_argument("manifest")
ap.add_argument("root", help="the corpus folder the features were extracted under")
ap.add_argument("--lam", type=float, default=0.3)
ap.add_argument("--members", type=int, default=5)
ap.add_argument("--adversary", choices=["corpus", "speaker"], default="corpus")
ap.add_argument("--epochs", type=int, default=4)
ap.add_argument("--seed", type=int, default=42)
args = ap.parse_args()
LABELS = ["angry","disgust","fear","happy","neutral","sad","surprise"]
man = {}
with open(args.manifest) as f:
    for r in csv.DictReader(f): man[r["path"]] = (r["corpus"], r["speaker"], r["emotion"])
X, C, S, Y = [], [], [], []
with open(args.features) as f:
    rd = csv.reader(f); head = next(rd)
    for r in rd:
        p = r[0].split(args.root.rstrip("/") + "/")[-1]
        if p not in man or r[1]: continue
        c, s, e = man[p]
        if e not in LABELS: continue
        X.append(np.array(r[2:], dtype=np.float32)); C.append(c); S.append(s); Y.append(LABELS.index(e))
X = np.stack(X); Y = np.array(Y); C = np.array(C); S = np.array(S)
print(X.shape, sorted(set(C)), file=sys.stderr)
corpora = sorted(set(C))

def train(x, y, dom, nd, lam, seed, epochs=4, bs=32, H=512, A=128, adv="corpus"):
    rng = np.random.default_rng(seed); F = x.shape[1]
    g = lambda a, b: (rng.uniform(-1, 1, (a, b)) * np.sqrt(6 / (a + b))).astype(np.float32)
    W1, b1 = g(F, H), np.zeros(H, np.float32); W2, b2 = g(H, 7), np.zeros(7, np.float32)
    Wa, ba = g(H, A), np.zeros(A, np.float32); Wd, bd = g(A, nd), np.zeros(nd, np.float32)
    params = [W1, b1, W2, b2, Wa, ba, Wd, bd]; opt = Adam(params)
    n = len(y); steps = epochs * ((n + bs - 1) // bs); t = 0
    for ep in range(epochs):
        idx = rng.permutation(n)
        for i in range(0, n, bs):
            j = idx[i:i+bs]; xb = x[j]; B = len(j)
            z1 = xb @ W1 + b1; h = relu(z1)
            mask = (rng.random(h.shape) >= 0.3).astype(np.float32) / 0.7; hd = h * mask
            p = softmax(hd @ W2 + b2); dz2 = p.copy(); dz2[np.arange(B), y[j]] -= 1; dz2 /= B
            gW2 = hd.T @ dz2; gb2 = dz2.sum(0); dhd = dz2 @ W2.T
            frac = t / steps; t += 1
            l = lam * (2 / (1 + np.exp(-10 * frac)) - 1)
            if lam > 0:
                za = h @ Wa + ba; a = relu(za); q = softmax(a @ Wd + bd)
                dq = q.copy(); dq[np.arange(B), dom[j]] -= 1; dq /= B
                gWd = a.T @ dq; gbd = dq.sum(0); da = (dq @ Wd.T) * (za > 0)
                gWa = h.T @ da; gba = da.sum(0); dh_adv = -l * (da @ Wa.T)
            else:
                gWd = np.zeros_like(Wd); gbd = np.zeros_like(bd); gWa = np.zeros_like(Wa); gba = np.zeros_like(ba); dh_adv = 0
            dh = dhd * mask + dh_adv; dz1 = dh * (z1 > 0)
            gW1 = xb.T @ dz1; gb1 = dz1.sum(0)
            opt.step([gW1, gb1, gW2, gb2, gWa, gba, gWd, gbd])
    return lambda xt: softmax(relu(xt @ W1 + b1) @ W2 + b2)

lam, members, adv, epochs, base = args.lam, args.members, args.adversary, args.epochs, args.seed
res = {}
t0 = time.time()
for held in corpora:
    tr = C != held; te = C == held
    mu = X[tr].mean(0); sd = X[tr].std(0); sd[sd < 1e-8] = 1
    xtr = (X[tr] - mu) / sd; xte = (X[te] - mu) / sd
    if adv == "corpus":
        names = sorted(set(C[tr])); dom = np.array([names.index(c) for c in C[tr]])
    else:
        names = sorted(set(S[tr])); dom = np.array([names.index(c) for c in S[tr]])
    P = 0
    for m in range(members):
        f = train(xtr.astype(np.float32), Y[tr], dom, len(names), lam, base + 1000 * m, epochs=epochs)
        P = P + f(xte.astype(np.float32))
    res[held] = 100 * ua(Y[te], P.argmax(1))
    print(held, round(res[held], 1), f"{time.time()-t0:.0f}s", file=sys.stderr, flush=True)
v = np.array(list(res.values()))
w = min(res, key=res.get)
print(json.dumps({"lam": lam, "adv": adv, "members": members, "epochs": epochs, "seed": base, **{k: round(x, 1) for k, x in res.items()},
                  "mean": round(v.mean(), 1), "sd": round(v.std(ddof=1), 1), "worst": f"{w} {res[w]:.1f}"}))
