"""scikit-learn's LinearSVC on the standardised RAVDESS rows of tests/fixtures/svm_reference.json: the fixture for
`lib/model/engine/linear_svc_test.ts`. LinearSVC's defaults (C=1, squared hinge, L2, one-vs-rest, intercept_scaling=1)
with max_iter and tol raised so that liblinear reaches the minimiser; writes its weights, intercepts and predictions.

Usage: /usr/bin/python3 tools/linear_svc_reference.py tests/fixtures/svm_reference.json OUT.json
"""
import base64
import json
import sys

import numpy as np
import sklearn
from sklearn.svm import LinearSVC

ref = json.load(open(sys.argv[1]))
f32 = lambda s: np.frombuffer(base64.b64decode(s), dtype="<f4").reshape(-1, ref["dim"])
xtr, xte = f32(ref["train"]["x"]), f32(ref["test"]["x"])
m = LinearSVC(max_iter=1_000_000, tol=1e-10).fit(xtr, ref["train"]["y"])
json.dump({
    "sklearn": sklearn.__version__,
    "coef": m.coef_.tolist(),
    "intercept": m.intercept_.tolist(),
    "predicted": m.predict(xte).tolist(),
    "default_predicted": LinearSVC().fit(xtr, ref["train"]["y"]).predict(xte).tolist(),
}, open(sys.argv[2], "w"))
print(f"{len(xtr)} training, {len(xte)} test rows; iterations {m.n_iter_}")
