"""scikit-learn's LogisticRegression on fixed data, as the reference for lib/model/engine/logistic_regression.ts.

Writes the data (standardised, 4 overlapping classes, 400 x 12) and scikit-learn's coefficients, intercepts and
probabilities with its defaults (C=1, l2, lbfgs, multinomial) run to convergence (max_iter=10000, tol=1e-10).

Usage: /usr/bin/python3 tools/logreg_reference.py tests/fixtures/logreg_reference.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(3)
n, d, k = 400, 12, 4
centres = rng.normal(0, 1.0, (k, d))
y = rng.integers(0, k, n)
x = centres[y] + rng.normal(0, 1.5, (n, d))
x = StandardScaler().fit_transform(x).astype(np.float32)
m = LogisticRegression(max_iter=10000, tol=1e-10).fit(x, y)
# An imbalanced subset (class 0 kept whole, the others a third), with class_weight="balanced".
keep = (y == 0) | (np.arange(n) % 3 == 0)
mb = LogisticRegression(max_iter=10000, tol=1e-10, class_weight="balanced").fit(x[keep], y[keep])
json.dump({
    "sklearn": sklearn.__version__,
    "dim": d, "classes": k,
    "x": [float(v) for v in x.ravel()], "y": [int(v) for v in y],
    "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
    "proba": m.predict_proba(x).tolist(), "accuracy": float(m.score(x, y)),
    "balanced_rows": [int(i) for i in np.where(keep)[0]], "balanced_proba": mb.predict_proba(x[keep]).tolist(),
}, open(sys.argv[1], "w"))
