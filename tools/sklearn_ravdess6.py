"""scikit-learn on this project's pooled features over the ravdess6 folds: the reference for `./ser cv --model logreg`
and `--model svm`.

Reads `./ser features DIR --feature-set pooled --out FILE.csv` for RAVDESS, makes the six folds of four actors
(1-4, ..., 21-24), standardises on each fold's training rows, fits LogisticRegression (C=1, l2, multinomial, run to
convergence), with `--svm` SVC (its defaults: RBF, C=1, gamma="scale"; break_ties=True, as the svm family's argmax
is), with `--knn` KNeighborsClassifier (its defaults: 5 neighbours), or with `--linear-svm` LinearSVC (its defaults,
iterations raised to reach its minimiser), with `--forest` RandomForestClassifier (its defaults; random_state from `--seed=N`, default 0), and prints each fold's UA and the mean; with a cv_predictions.csv from `./ser cv`, also the share of clips on
which the two predict the same label.

Usage: /usr/bin/python3 tools/sklearn_ravdess6.py FEATURES.csv [CV_PREDICTIONS.csv] [--svm | --knn | --linear-svm | --forest]
"""
import csv
import re
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.preprocessing import StandardScaler
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC, LinearSVC

svm, knn, lsvm = "--svm" in sys.argv, "--knn" in sys.argv, "--linear-svm" in sys.argv
forest = "--forest" in sys.argv
seed = int(next((a.split("=")[1] for a in sys.argv if a.startswith("--seed=")), "0"))
sys.argv = [a for a in sys.argv if a not in ("--svm", "--knn", "--linear-svm", "--forest") and not a.startswith("--seed=")]

EMOTIONS = {"01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry", "06": "fear", "07": "disgust",
            "08": "surprise"}

rows = list(csv.DictReader(open(sys.argv[1])))
feature_cols = [c for c in rows[0] if c not in ("path", "error", "file")]
keep, x, y, actor, paths = [], [], [], [], []
for r in rows:
    m = re.search(r"(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)\.wav$", r.get("path") or r.get("file"))
    if not m or (r.get("error") or ""):
        continue
    x.append([float(r[c]) for c in feature_cols])
    y.append(EMOTIONS[m.group(3)])
    actor.append(int(m.group(7)))
    paths.append(r.get("path") or r.get("file"))
x, y, actor = np.array(x, dtype=np.float32), np.array(y), np.array(actor)
classes = sorted(set(y))
fold = (actor - 1) // 4
uas, predicted = [], {}
for k in range(6):
    tr, te = fold != k, fold == k
    sc = StandardScaler().fit(x[tr])
    learner = (RandomForestClassifier(random_state=seed) if forest else SVC(break_ties=True) if svm else KNeighborsClassifier() if knn
               else LinearSVC(max_iter=1_000_000, tol=1e-8) if lsvm else LogisticRegression(max_iter=10000, tol=1e-8))
    m = learner.fit(sc.transform(x[tr]), y[tr])
    p = m.predict(sc.transform(x[te]))
    uas.append(recall_score(y[te], p, average="macro"))
    for path, label in zip(np.array(paths)[te], p):
        predicted[path.split("/")[-1]] = label
    print(f"fold {k + 1}: UA {100 * uas[-1]:.1f} %")
print(f"mean UA {100 * np.mean(uas):.1f} ± {100 * np.std(uas):.1f} % over {len(y)} clips, {len(classes)} labels")
if len(sys.argv) > 2:
    ours = {r["path"].split("/")[-1]: r for r in csv.DictReader(open(sys.argv[2]))}
    col = [c for c in next(iter(ours.values())) if c.endswith(":global")][0]
    same = [ours[f][col] == label for f, label in predicted.items() if f in ours]
    print(f"same label as ./ser cv on {sum(same)} of {len(same)} clips ({100 * np.mean(same):.2f} %)")
