import numpy as np


def _softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def top_k_probs(logits, k):
    kth = np.sort(logits)[-k]
    masked = np.where(logits < kth, -np.inf, logits)
    return _softmax(masked)


def top_p_probs(logits, p):
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    cumulative = np.cumsum(probs[order])
    n_kept = min(int(np.sum(cumulative < p)) + 1, len(logits))
    out = np.zeros_like(probs)
    out[order[:n_kept]] = probs[order[:n_kept]]
    return out / out.sum()
