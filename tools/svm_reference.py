"""scikit-learn's SVC on real pooled features: the fixture for `lib/model/engine/support_vector_classifier_test.ts`.

Reads `./ser features DIR --feature-set pooled --out FILE.csv` for RAVDESS, standardises actors 1-6 (training, 360
clips) with StandardScaler (float32, as the features are), fits SVC() (RBF, C=1, gamma="scale", break_ties=True) and
writes the standardised rows (float32, base64), the labels, and scikit-learn's support vectors, dual coefficients,
intercepts, gamma, and its predictions and decision values on actors 7-8 (120 clips).

Usage: /usr/bin/python3 tools/svm_reference.py FEATURES.csv OUT.json
"""
import base64
import csv
import json
import re
import sys

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

EMOTIONS = {"01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry", "06": "fear", "07": "disgust",
            "08": "surprise"}
rows = list(csv.DictReader(open(sys.argv[1])))
cols = [c for c in rows[0] if c not in ("path", "error", "file")]
x, y, actor = [], [], []
for r in rows:
    m = re.search(r"(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)\.wav$", r.get("path") or r.get("file"))
    if not m or int(m.group(7)) > 8:
        continue
    x.append([float(r[c]) for c in cols])
    y.append(EMOTIONS[m.group(3)])
    actor.append(int(m.group(7)))
x, actor = np.array(x, dtype=np.float32), np.array(actor)
classes = sorted(set(y))
yi = np.array([classes.index(v) for v in y])
tr, te = actor <= 6, actor > 6
sc = StandardScaler().fit(x[tr])
xtr, xte = sc.transform(x[tr]).astype(np.float32), sc.transform(x[te]).astype(np.float32)
m = SVC(break_ties=True).fit(xtr, yi[tr])
b64 = lambda a: base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()
json.dump({
    "sklearn": sklearn.__version__,
    "dim": len(cols),
    "classes": classes,
    "train": {"x": b64(xtr), "y": yi[tr].tolist()},
    "test": {"x": b64(xte), "y": yi[te].tolist()},
    "gamma": float(m._gamma),
    "support": m.support_.tolist(),
    "n_support": m.n_support_.tolist(),
    "dual_coef": m.dual_coef_.tolist(),
    "intercept": m.intercept_.tolist(),
    "predicted": m.predict(xte).tolist(),
    "decision": m.decision_function(xte).tolist(),
}, open(sys.argv[2], "w"))
print(f"{tr.sum()} training, {te.sum()} test clips; {len(m.support_)} support vectors; gamma {m._gamma:.3e}")
