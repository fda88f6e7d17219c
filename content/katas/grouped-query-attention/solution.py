import numpy as np


def grouped_query_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Causal grouped-query attention: q [H, T, d], k and v [H_kv, T, d] -> [H, T, d]."""
    H, T, d = q.shape
    group = H // k.shape[0]
    # Query head h reads kv head h // group: repeat each kv head `group` times in place
    # (np.repeat, not np.tile, which would give h % H_kv).
    k = np.repeat(k, group, axis=0)  # [H, T, d]
    v = np.repeat(v, group, axis=0)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)  # [H, T, T]
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
