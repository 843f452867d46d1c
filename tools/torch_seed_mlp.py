"""The bench's training anchor: the seed MLP's epoch in PyTorch on one thread, and the BLAS it really ran on.

Usage: /usr/bin/python3 torch_seed_mlp.py [EPOCHS]

The same shapes and recipe as the bench's tfjs run: 7,981 × 195 uniform rows, labels from the first column, blocks of
Dense → ReLU → Dropout → BatchNorm (512/0.3, 256/0.3, 128/0.3, 64/0.2) and a Dense(8) head, Adam (lr 1e-3, eps 1e-7),
batch 32, and a forward pass over 1,710 validation rows per epoch. Prints one JSON object:
{"torch": version, "epoch_s": [...], "blas": [shared libraries with "blas" in their name mapped into this process]}.
"""
import json
import sys
import time

import torch
import torch.nn as nn


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    torch.set_num_threads(1)
    torch.manual_seed(0)
    n, nv, d = 7981, 1710, 195
    x = torch.rand(n, d) * 2 - 1
    y = torch.clamp(((x[:, 0] + 1) / 2 * 8).long(), max=7)
    xv = torch.rand(nv, d) * 2 - 1
    layers, width = [], d
    for units, rate in [(512, 0.3), (256, 0.3), (128, 0.3), (64, 0.2)]:
        layers += [nn.Linear(width, units), nn.ReLU(), nn.Dropout(rate), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01)]
        width = units
    model = nn.Sequential(*layers, nn.Linear(width, 8))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    seconds = []
    for _ in range(epochs):
        t = time.perf_counter()
        model.train()
        order = torch.randperm(n)
        for s in range(0, n, 32):
            idx = order[s:s + 32]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            model(xv)
        seconds.append(time.perf_counter() - t)
    with open("/proc/self/maps") as maps:
        blas = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    print(json.dumps({"torch": torch.__version__, "epoch_s": seconds, "blas": blas}))


if __name__ == "__main__":
    main()
