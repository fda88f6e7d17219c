import numpy as np


def min_p_probs(logits, temperature, min_p):
    e = np.exp(logits - logits.max())
    probs = e / e.sum() / temperature
    kept = np.where(probs >= min_p * probs.max(), probs, 0.0)
    return kept / kept.sum()


def sample_token(logits, temperature, min_p, u):
    probs = min_p_probs(logits, temperature, min_p)
    i = int(np.searchsorted(np.cumsum(probs), u, side="right"))
    return min(i, int(np.flatnonzero(probs)[-1]))
