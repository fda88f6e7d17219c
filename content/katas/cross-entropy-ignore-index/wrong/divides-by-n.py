import numpy as np


def cross_entropy(logits, targets, ignore_index=-100):
    keep = targets != ignore_index
    if not keep.any():
        return float("nan")
    z = logits[keep]
    t = targets[keep]
    m = z.max(axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))
    losses = lse - z[np.arange(len(t)), t]
    return float(losses.sum() / len(targets))
