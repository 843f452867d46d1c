"""Private: what the numpy screens (`adversary_probe.py`, `frame_level_probe.py`) share — ReLU, a row-wise softmax,
Keras-form Adam (β₁ 0.9, β₂ 0.999, ε 1e-7, bias-corrected step size) and unweighted average recall."""
import numpy as np


def relu(z):
    return np.maximum(z, 0)


def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


class Adam:
    """Adam over a list of parameter arrays, updated in place by `step(grads)`."""

    def __init__(self, params, lr=1e-3):
        self.p = params
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0
        self.lr = lr

    def step(self, grads):
        self.t += 1
        b1, b2 = 0.9, 0.999
        lr = self.lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for p, g, m, v in zip(self.p, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * m / (np.sqrt(v) + 1e-7)


def ua(truth, predicted):
    """Unweighted average recall: the mean over the classes present in `truth` of each one's recall."""
    return np.mean([np.mean(predicted[truth == k] == k) for k in np.unique(truth)])
