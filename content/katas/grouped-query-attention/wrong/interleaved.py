import numpy as np


def grouped_query_attention(q, k, v):
    H, T, d = q.shape
    group = H // k.shape[0]
    k = np.tile(k, (group, 1, 1))
    v = np.tile(v, (group, 1, 1))
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
