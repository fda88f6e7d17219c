import numpy as np


def causal_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Causal scaled dot-product attention of one head: q, k, v [T, d] or [B, T, d] -> [..., T, d]."""
    T, d = q.shape[-2:]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)  # [..., T, T]: scores[t, u] = q_t . k_u / sqrt(d)
    future = np.triu(np.ones((T, T), dtype=bool), k=1)  # True where u > t
    scores = np.where(future, -np.inf, scores)
    # Softmax over the keys (last axis); the diagonal is never masked, so every row has a finite max.
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v  # [..., T, d]
