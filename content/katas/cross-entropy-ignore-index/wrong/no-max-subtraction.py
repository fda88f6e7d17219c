import numpy as np


def cross_entropy(logits, targets, ignore_index=-100):
    keep = targets != ignore_index
    if not keep.any():
        return float("nan")
    z = logits[keep]
    t = targets[keep]
    lse = np.log(np.exp(z).sum(axis=-1))
    losses = lse - z[np.arange(len(t)), t]
    return float(losses.mean())
