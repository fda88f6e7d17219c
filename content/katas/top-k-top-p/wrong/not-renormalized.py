import numpy as np


def _softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def top_k_probs(logits, k):
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    out = np.zeros_like(probs)
    out[order[:k]] = probs[order[:k]]
    return out


def top_p_probs(logits, p):
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    cumulative = np.cumsum(probs[order])
    n_kept = min(int(np.sum(cumulative < p)) + 1, len(logits))
    out = np.zeros_like(probs)
    out[order[:n_kept]] = probs[order[:n_kept]]
    return out
