import numpy as np


def min_p_probs(logits, temperature, min_p):
    z = logits / temperature
    e = np.exp(z - z.max())
    probs = e / e.sum()
    kept = np.where(probs >= min_p, probs, 0.0)
    return kept / kept.sum()


def sample_token(logits, temperature, min_p, u):
    probs = min_p_probs(logits, temperature, min_p)
    i = int(np.searchsorted(np.cumsum(probs), u, side="right"))
    return min(i, int(np.flatnonzero(probs)[-1]))
