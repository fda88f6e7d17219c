import numpy as np


def _softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def top_k_probs(logits, k):
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    out = np.zeros_like(probs)
    out[order[:k]] = probs[order[:k]]
    return out / out.sum()


def top_p_probs(logits, p):
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    sorted_probs = probs[order]
    sorted_probs[np.cumsum(sorted_probs) > p] = 0.0
    out = np.zeros_like(probs)
    out[order] = sorted_probs
    return out / out.sum()
