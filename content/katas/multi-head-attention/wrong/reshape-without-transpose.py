import numpy as np


def multi_head_attention(x, w_q, w_k, w_v, w_o, n_head):
    T, C = x.shape
    hd = C // n_head
    q, k, v = [(x @ w).reshape(n_head, T, hd) for w in (w_q, w_k, w_v)]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return (weights @ v).reshape(T, C) @ w_o
