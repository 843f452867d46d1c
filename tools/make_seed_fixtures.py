#!/usr/bin/python3
"""Write the hostile and legacy fixtures for the Keras import tests into tests/fixtures/seed/.

Usage: /usr/bin/python3 tools/make_seed_fixtures.py   (Debian: python3-sklearn, python3-h5py)

- scaler_194.pkl: a fitted scikit-learn StandardScaler 194 features wide (the seed's is 195).
- label_encoder_7.pkl: a fitted LabelEncoder with 7 classes (the seed's model has 8 outputs).
- best_ser_model_legacy.h5: best_ser_model.keras's config and weights rewritten in the Keras 2 full-model HDF5
  layout (root attribute model_config, model_weights/<layer>/<layer>/<weight>:0 with weight_names), so the legacy
  reader is checked against the same weights.
- huge_dataset_legacy.h5: the same layout with the first Dense kernel declared 200,000 × 200,000 (chunked, nothing
  written, so the file stays small): the importer must refuse it from its declared shape without reading it.
"""
import json, os, pickle, zipfile, io
import numpy as np
import h5py
from sklearn.preprocessing import LabelEncoder, StandardScaler

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "seed")
rng = np.random.default_rng(0)
with open(os.path.join(here, "scaler_194.pkl"), "wb") as f:
    pickle.dump(StandardScaler().fit(rng.normal(size=(50, 194))), f, protocol=4)
with open(os.path.join(here, "label_encoder_7.pkl"), "wb") as f:
    pickle.dump(LabelEncoder().fit(["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]), f, protocol=4)

z = zipfile.ZipFile(os.path.join(here, "best_ser_model.keras"))
config = json.loads(z.read("config.json"))
weights = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
names = {"Dense": ["kernel", "bias"], "BatchNormalization": ["gamma", "beta", "moving_mean", "moving_variance"]}
layers2, out = [], h5py.File(os.path.join(here, "best_ser_model_legacy.h5"), "w")
mw = out.create_group("model_weights")
layer_names = []
for layer in config["config"]["layers"]:
    c = dict(layer["config"])
    if layer["class_name"] == "InputLayer":
        c["batch_input_shape"] = c.pop("batch_shape")
    c["dtype"] = "float32"
    layers2.append({"class_name": layer["class_name"], "config": c})
    if layer["class_name"] == "InputLayer":
        continue
    name = c["name"]
    layer_names.append(name.encode())
    g = mw.create_group(name)
    wn = []
    for i, w in enumerate(names.get(layer["class_name"], [])):
        key = f"{name}/{w}:0"
        g.create_dataset(key, data=weights[f"layers/{name}/vars/{i}"][()])
        wn.append(key.encode())
    g.attrs["weight_names"] = np.array(wn, dtype="S")
mw.attrs["layer_names"] = np.array(layer_names, dtype="S")
mw.attrs["keras_version"] = b"2.15.0"
mw.attrs["backend"] = b"tensorflow"
out.attrs["keras_version"] = b"2.15.0"
out.attrs["backend"] = b"tensorflow"
out.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": {"name": "sequential", "layers": layers2}}).encode()
out.close()

# The hostile twin: the first Dense kernel declares 4e10 values (unallocated chunks: a few kilobytes on disk).
src = h5py.File(os.path.join(here, "best_ser_model_legacy.h5"), "r")
huge = h5py.File(os.path.join(here, "huge_dataset_legacy.h5"), "w")
for k, v in src.attrs.items():
    huge.attrs[k] = v
hm = huge.create_group("model_weights")
for k, v in src["model_weights"].attrs.items():
    hm.attrs[k] = v
first = True
for lname in src["model_weights"]:
    g = hm.create_group(lname)
    for k, v in src["model_weights"][lname].attrs.items():
        g.attrs[k] = v
    for key in [n.decode() for n in src["model_weights"][lname].attrs["weight_names"]]:
        if first and key.endswith("kernel:0"):
            g.create_dataset(key, shape=(200000, 200000), dtype="f4", chunks=(1024, 1024))
            first = False
        else:
            g.create_dataset(key, data=src["model_weights"][lname][key][()])
huge.close()
src.close()
print("wrote", sorted(os.listdir(here)))
