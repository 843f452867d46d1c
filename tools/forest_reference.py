"""scikit-learn's trees on real pooled features: the fixture for `lib/model/engine/random_forest_test.ts`.

Reads the standardised RAVDESS rows of `tests/fixtures/svm_reference.json` (actors 1-6 train, 360 clips; 7-8 test,
120 clips), fits DecisionTreeClassifier(random_state=0) and RandomForestClassifier(random_state=0) (scikit-learn's
defaults otherwise), and writes for the tree its splitter's rand_r state and its node arrays, for the forest each
tree's bootstrap counts and rand_r state, and both models' predictions and probabilities on the test clips.

A splitter's rand_r state is the first draw `RandomState(seed).randint(0, RAND_R_MAX)` of the tree's random_state
(scikit-learn 1.2's Splitter.__cinit__); a forest tree's bootstrap is `_generate_sample_indices(seed, n, n)`.

Usage: /usr/bin/python3 tools/forest_reference.py tests/fixtures/svm_reference.json OUT.json
"""
import base64
import json
import sys

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.ensemble._forest import _generate_sample_indices
from sklearn.tree import DecisionTreeClassifier

RAND_R_MAX = 0x7FFFFFFF
ref = json.load(open(sys.argv[1]))
dim = ref["dim"]
unb64 = lambda s: np.frombuffer(base64.b64decode(s), dtype="<f4").reshape(-1, dim)
xtr, ytr = unb64(ref["train"]["x"]), np.array(ref["train"]["y"])
xte = unb64(ref["test"]["x"])
n = len(ytr)

tree = DecisionTreeClassifier(random_state=0).fit(xtr, ytr)
t = tree.tree_
forest = RandomForestClassifier(random_state=0).fit(xtr, ytr)
draws = []
for est in forest.estimators_:
    counts = np.bincount(_generate_sample_indices(est.random_state, n, n), minlength=n)
    draws.append({"counts": counts.tolist(),
                  "rand_state": int(np.random.RandomState(est.random_state).randint(0, RAND_R_MAX))})
json.dump({
    "sklearn": sklearn.__version__,
    "tree": {
        "rand_state": int(np.random.RandomState(0).randint(0, RAND_R_MAX)),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "left": t.children_left.tolist(),
        "right": t.children_right.tolist(),
        "n_node_samples": t.n_node_samples.tolist(),
        "predicted": tree.predict(xte).tolist(),
    },
    "forest": {
        "draws": draws,
        "proba": forest.predict_proba(xte).tolist(),
        "predicted": forest.predict(xte).tolist(),
    },
}, open(sys.argv[2], "w"), separators=(",", ":"))
print(f"tree: {t.node_count} nodes, depth {t.max_depth}; forest: {len(draws)} trees, "
      f"{sum(e.tree_.node_count for e in forest.estimators_)} nodes")
