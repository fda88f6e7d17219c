import numpy as np


def multi_head_attention(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, w_o: np.ndarray, n_head: int) -> np.ndarray:
    """Causal multi-head self-attention of x [T, C] with weights [C, C] applied as x @ W -> [T, C]."""
    T, C = x.shape
    hd = C // n_head

    def heads(w):
        # [T, C] -> [T, n_head, hd] -> [n_head, T, hd]: head h owns columns h*hd .. (h+1)*hd - 1.
        return (x @ w).reshape(T, n_head, hd).transpose(1, 0, 2)

    q, k, v = heads(w_q), heads(w_k), heads(w_v)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd)  # [n_head, T, T], scaled by the head size
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = weights @ v  # [n_head, T, hd]
    # Concatenate the heads side by side: [n_head, T, hd] -> [T, n_head, hd] -> [T, C].
    return y.transpose(1, 0, 2).reshape(T, C) @ w_o
